import type { Claim, ClaimRole } from './claim.js';

/** How the ledger shows a claim's role (the column beside its statement). */
export const ROLE_WORDS: Record<ClaimRole, string> = {
  claim: "the document's claim",
  'naive-reading': 'a naive reading the document argues against',
  'library-departure': "the document's rule, on a library that departs from it",
  spec: "normprop's spec of the layer",
  'library-bug': 'a tfjs bug normprop has met',
};

export const roleOf = (claim: Pick<Claim, 'role'>): ClaimRole => claim.role ?? 'claim';

/**
 * A claim-level verdict in words that keep one meaning: "refuted" alone would say the document is wrong
 * where it is a naive reading that the document itself refutes, or tfjs departing from a paper or a library's documentation.
 */
export function verdictWords(claim: Pick<Claim, 'role'>, verdict: string): string {
  if (verdict !== 'refuted') return verdict;
  const role = roleOf(claim);
  if (role === 'naive-reading') return 'refuted, as the document argues';
  if (role === 'library-departure') return 'refuted: tfjs departs from the document';
  return 'refuted: the document is wrong here';
}
