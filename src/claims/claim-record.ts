import { FAILING_VERDICTS, type ClaimCheckResult } from './result.js';

/**
 * What the runs on record before this one came to for a claim, read from earlier ledgers: so that a
 * claim going against its expectation is called "regressed" only when it once met it. A claim added
 * by a user that fails on its first run never held: the ledger says it fails, not that it regressed.
 *
 * - none: no earlier run of the claim on record;
 * - failed: earlier runs on record, none of which met the expectation;
 * - met: an earlier run on record met the expectation.
 */
export type ClaimRecord = 'none' | 'failed' | 'met';

export const CLAIM_RECORDS: readonly ClaimRecord[] = ['none', 'failed', 'met'];

/** The fields of a check that tell one run's result from another's. */
export type CheckIdentity = Pick<ClaimCheckResult, 'check' | 'seed' | 'seconds'> & { date?: string };

/** A claim's row in an earlier ledger (ledger.json): its verdict, its checks, and its own record. */
export interface EarlierRow {
  verdict: string;
  checks: CheckIdentity[];
  /** Absent in ledgers written before the record was kept. */
  record?: ClaimRecord;
}

const identity = (checks: CheckIdentity[]) =>
  checks
    .map((c) => JSON.stringify([c.check, c.seed, c.seconds, c.date ?? '']))
    .sort()
    .join('\n');

/**
 * One earlier ledger's word on the claim. A ledger rebuilt from the same results (`normprop ledger`
 * after `npm test`) is not an earlier run: its row passes on the record it had.
 */
function recordFrom(checks: CheckIdentity[], earlier: EarlierRow): ClaimRecord {
  const sameRun = checks.length > 0 && identity(checks) === identity(earlier.checks);
  if (sameRun || earlier.verdict === 'not run' || earlier.verdict === 'not testable') return earlier.record ?? 'none';
  if (!FAILING_VERDICTS.includes(earlier.verdict)) return 'met';
  return earlier.record === 'met' ? 'met' : 'failed';
}

/** The claim's record over the earlier ledgers (the last full run's, the partial runs'): the best any of them gives. */
export function claimRecord(checks: CheckIdentity[], earlier: EarlierRow[]): ClaimRecord {
  let best: ClaimRecord = 'none';
  for (const row of earlier) {
    const record = recordFrom(checks, row);
    if (CLAIM_RECORDS.indexOf(record) > CLAIM_RECORDS.indexOf(best)) best = record;
  }
  return best;
}
