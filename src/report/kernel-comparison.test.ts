import { describe, expect, it } from 'vitest';
import type { ClaimCheckResult } from '../claims/result.js';
import { compareKernelRuns } from './kernel-comparison.js';

const row = (claimId: string, check: string, verdict: ClaimCheckResult['verdict']): ClaimCheckResult => ({
  claimId,
  check,
  verdict,
  runs: 1,
  minRuns: 1,
  seed: 1,
  replay: 'x',
  seconds: 1,
});

describe('comparing the verdicts of the two kernel sets', () => {
  it('agrees check by check, and calls a verdict changed or a check run on one set only a difference', () => {
    const rows = compareKernelRuns(
      [row('C01', 'a', 'holds'), row('C06', 'b', 'refuted'), row('C15', 'c', 'refuted')],
      [row('C01', 'a', 'holds'), row('C06', 'b', 'error'), row('GN4', 'd', 'holds')],
    );
    expect(rows.map((r) => [r.check, r.same])).toEqual([
      ['C01 / a', true],
      ['C06 / b', false],
      ['C15 / c', false],
      ['GN4 / d', false],
    ]);
    expect(rows[1]).toMatchObject({ stock: 'refuted', normprop: 'error' });
  });
});
