// The claim properties must catch a wrong BatchNormalization, and say so in words a person can act
// on. Results go to a temporary ledger, not the suite's.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select.js';
import batchNorm from '../norm/specs/batch-norm.js';
import { batchStatsInInferenceBatchNorm, neverUpdatedBatchNorm } from '../testing/broken-batch-norm.js';
import { assertExpectedVerdict, checkClaim } from './check-claim.js';
import { readCheckResults } from './ledger-store.js';
import { batchVsMovingStatistics, inferenceConvergesToTraining, movingAverageLaw } from './properties/bn-layer.js';

let ledgerDir: string;
beforeAll(async () => {
  await selectBackend('wasm');
  ledgerDir = await mkdtemp(path.join(os.tmpdir(), 'normprop-broken-'));
});

describe('a deliberately broken BatchNormalization fails the claims', () => {
  it('moving statistics that never update: the moving-average law (C03) regresses, with a shrunk counterexample', async () => {
    const result = await checkClaim(
      'C03-moving-average-law',
      'broken: never updated',
      movingAverageLaw(neverUpdatedBatchNorm),
      { numRuns: 100, minRuns: 100, ledgerDir, failures: false },
    );
    expect(result.verdict).toBe('regressed');
    expect(() => assertExpectedVerdict(result)).toThrow(
      /Claim C03-moving-average-law \(broken: never updated\) FAILS: expected it to hold\.[\s\S]*counterexample \(shrunk \d+ times\): \[[\s\S]*failure: .*moving mean[\s\S]*replay: NORMPROP_SEED=\d+/,
    );
    // The shrunk case is small: the fewest values and a single update.
    expect(result.counterexample).toMatch(/,1\]$/);
  });

  it('inference that uses the batch statistics: batch-vs-moving (C01) and convergence (C04) regress', async () => {
    const c01 = await checkClaim(
      'C01-bn-batch-vs-moving',
      'broken: batch stats in inference',
      batchVsMovingStatistics(batchStatsInInferenceBatchNorm),
      { numRuns: 100, minRuns: 100, ledgerDir, failures: false },
    );
    expect(c01.verdict).toBe('regressed');
    expect(c01.failure).toMatch(/inference-mode output is not \(x - moving mean\)/);
    expect(() => assertExpectedVerdict(c01)).toThrow(/FAILS: expected it to hold/);
    // With the moving statistics never used, the unbroken law still "converges" trivially for C04, so
    // that claim alone would not catch this bug: C01 is the one that must.
    const c04 = await checkClaim(
      'C04-inference-converges-to-training',
      'broken: batch stats in inference',
      inferenceConvergesToTraining(batchStatsInInferenceBatchNorm),
      { numRuns: 20, minRuns: 20, ledgerDir, failures: false },
    );
    expect(c04.verdict).toBe('holds');
    expect((await readCheckResults(ledgerDir)).map((r) => r.verdict).sort()).toEqual([
      'holds',
      'regressed',
      'regressed',
    ]);
  });

  it('the real tfjs layer passes the same checks', async () => {
    const result = await checkClaim('C03-moving-average-law', 'real layer', movingAverageLaw(batchNorm), {
      numRuns: 50,
      minRuns: 50,
      ledgerDir,
      failures: false,
    });
    expect(result.verdict).toBe('holds');
  });
});
