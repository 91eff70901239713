// A check whose test fails after it is withdrawn: its stored row becomes an error, never a pass or a refutation.
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkClaim } from './check-claim.js';
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

const FIXTURE = 'NORMPROP_WITHDRAW_FIXTURE';

describe('fixture (runs only in a child run)', () => {
  const skip = !process.env[FIXTURE];
  if (skip)
    console.log(
      `[normprop] withdraw fixture SKIPPED: it runs only inside the child run of "a refuted check whose test then fails" (${FIXTURE} unset)`,
    );
  it.skipIf(skip)('refutes a claim, then fails its own witness assertion', async () => {
    const result = await checkClaim(
      'GN2-batch-norm-sample-independent',
      'withdraw fixture',
      fc.property(fc.integer(), (n) => n < 10),
      { numRuns: 100, minRuns: 1, failures: false },
    );
    expect(result.verdict).toBe('refuted');
    expect(result.shrinks, 'a witness assertion that fails').toBeLessThan(0);
  });
});

describe('a check whose test fails', () => {
  it('a refuted check whose test then fails is stored as an error by the vitest setup, never as refuted', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-withdraw-run-'));
    const parts = path.join(dir, 'ledger-parts');
    const run = await promisify(execFile)(
      path.resolve('node_modules/.bin/vitest'),
      ['run', 'src/claims/ledger-store.test.ts', '-t', '^fixture'],
      {
        env: {
          ...process.env,
          [FIXTURE]: '1',
          NO_COLOR: '1',
          NORMPROP_LEDGER_PARTS: parts,
          NORMPROP_GOLDEN_PARTS: path.join(dir, 'golden-parts'),
          NORMPROP_REPORTS_DIR: dir,
        },
        maxBuffer: 16 << 20,
      },
    ).then(
      () => ({ code: 0 }),
      (error: { code?: number }) => error,
    );
    expect(run.code, 'the fixture test fails').toBe(1);
    const [stored] = await readCheckResults(parts);
    expect([stored.claimId, stored.verdict]).toEqual(['GN2-batch-norm-sample-independent', 'error']);
    expect(stored.failure).toMatch(/had said "refuted", which is not published.*a witness assertion that fails/);
  });
});
