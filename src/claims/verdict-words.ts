import type { Claim, ClaimRole } from './claim.js';
import type { ClaimRecord } from './claim-record.js';

/** How the ledger shows a claim's role (the column beside its statement). */
export const ROLE_WORDS: Record<ClaimRole, string> = {
  claim: "the document's claim",
  'naive-reading': 'a naive reading the document argues against',
  'library-departure': "the document's rule, on a library that departs from it",
  spec: "normprop's spec of the layer",
  'library-bug': 'a tfjs bug normprop has met',
};

export const roleOf = (claim: Pick<Claim, 'role'>): ClaimRole => claim.role ?? 'claim';

/** What the suite expects of the claim, as the words after "expected to". */
export function expectedWords(claim: Pick<Claim, 'expectation'>): string {
  if (claim.expectation === 'refuted') return 'be refuted';
  if (claim.expectation === 'known-bug') return 'show its known bug';
  return 'hold';
}

/**
 * The one word for a verdict in counts and check lines: a check against the expectation is
 * "regressed" only when an earlier run on record met it, and otherwise "fails" (a claim new to the
 * record, or one that never met it). The stored verdict stays 'regressed' either way.
 */
export function verdictLabel(verdict: string, record: ClaimRecord): string {
  return verdict === 'regressed' && record !== 'met' ? 'fails' : verdict;
}

/**
 * A claim-level verdict in words that keep one meaning: "refuted" alone would say the document is wrong
 * where it is a naive reading that the document itself refutes, or tfjs departing from a paper or a
 * library's documentation; "regressed" alone would say a claim once held that has no run on record.
 */
export function verdictWords(claim: Pick<Claim, 'role' | 'expectation'>, verdict: string, record: ClaimRecord): string {
  if (verdict === 'regressed' && record === 'none')
    return `fails (expected to ${expectedWords(claim)}; no earlier run of this claim on record)`;
  if (verdict === 'regressed' && record === 'failed')
    return `fails (expected to ${expectedWords(claim)}; it failed in every earlier run on record)`;
  if (verdict !== 'refuted') return verdict;
  const role = roleOf(claim);
  if (role === 'naive-reading') return 'refuted, as the document argues';
  if (role === 'library-departure') return 'refuted: tfjs departs from the document';
  return 'refuted: the document is wrong here';
}
