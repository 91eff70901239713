// A check whose test fails after it is withdrawn: its stored row becomes an error, never a pass or a refutation.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckResults, startTestRows, storeCheckResult, withdrawTestRows } from './ledger-store.js';
import type { ClaimCheckResult, Verdict } from './result.js';

const row = (check: string, verdict: Verdict): ClaimCheckResult => ({
  claimId: 'GN2-batch-norm-sample-independent',
  check,
  verdict,
  runs: 100,
  minRuns: 100,
  seed: 1,
  replay: 'npx vitest run',
  seconds: 1,
});

describe('withdrawing the checks of a failed test', () => {
  it("rewrites the failed test's refuted and passing rows as errors naming the failure, keeps failing rows and other tests' rows", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-withdraw-'));
    startTestRows();
    await storeCheckResult(row('earlier test', 'holds'), dir);
    startTestRows();
    await storeCheckResult(row('refuted one', 'refuted'), dir);
    await storeCheckResult(row('regressed one', 'regressed'), dir);
    await withdrawTestRows('expected 0 to be greater than 0');
    const stored = Object.fromEntries((await readCheckResults(dir)).map((r) => [r.check, r]));
    expect(stored['earlier test'].verdict).toBe('holds');
    expect(stored['regressed one'].verdict).toBe('regressed');
    expect(stored['refuted one'].verdict).toBe('error');
    expect(stored['refuted one'].failure).toMatch(/had said "refuted".*expected 0 to be greater than 0/);
    // Withdrawn once: a second failure report has nothing left to rewrite.
    await withdrawTestRows('again');
    expect((await readCheckResults(dir)).find((r) => r.check === 'refuted one')!.failure).not.toMatch(/again/);
  });
});
