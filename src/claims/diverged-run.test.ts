// A training run that diverges must show up as 'diverged' (with the step where it began) in the trace
// and in the ledger, never as a verdict computed from NaN. Results go to a temporary ledger.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select.js';
import { trainAndRecord } from '../experiment/training-run.js';
import { resnet50Config } from '../models/resnet.js';
import { CANONICAL_EXPERIMENTS, runCanonicalExperiment } from '../experiment/canonical-experiments.js';
import { canonicalRecord } from '../golden/canonical-record.js';
import { CLAIMS } from './catalog.js';
import { assertExpectedVerdict, checkClaim } from './check-claim.js';
import { assertNotDiverged } from './diverged-run.js';
import { readCheckResults } from './ledger-store.js';
import { buildLedger, ledgerMarkdown } from '../report/ledger-report.js';

const tiny = resnet50Config({ stages: [1], width: 4, inputShape: [24, 24, 1] });

/** A tiny ResNet trained 3 epochs; Adam moves every weight by about lr a step, so lr 1e20 overflows float32 at once. */
async function train(learningRate: number) {
  const x = tf.randomUniform([3, 24, 24, 1], 0, 255, 'float32', 5) as tf.Tensor4D;
  return trainAndRecord(x, undefined, tiny, { epochs: 3, learningRate, batchSize: 32, shuffle: true, seed: 1 });
}

let ledgerDir: string;
beforeAll(async () => {
  await selectBackend('wasm');
  ledgerDir = await mkdtemp(path.join(os.tmpdir(), 'normprop-diverged-'));
});

describe('diverging training runs', () => {
  it('the trace says where a run diverged; a sane run has no divergence', async () => {
    const diverged = await train(1e20);
    expect(diverged.divergence).toBeDefined();
    expect(diverged.divergence!.step).toBeGreaterThanOrEqual(1);
    expect(diverged.divergence!.step).toBeLessThanOrEqual(3);
    expect(['loss', 'weights', 'predict']).toContain(diverged.divergence!.quantity);
    expect((await train(1e-3)).divergence).toBeUndefined();
  });

  it('a claim whose run diverged gets the verdict "diverged" with the step in the ledger, and fails the suite', async () => {
    const property = fc.asyncProperty(fc.constantFrom(1e-3, 1e20), async (lr) => {
      const record = assertNotDiverged(await train(lr));
      if (!record.epochs.every((e) => Number.isFinite(e.loss)))
        throw new Error('unreachable: a finite run has finite losses');
    });
    const result = await checkClaim('C08-training-mode-reproduces-fit', 'diverging learning rate', property, {
      numRuns: 4,
      minRuns: 4,
      seed: 1,
      ledgerDir,
      failures: false,
    });
    expect(result.verdict).toBe('diverged');
    expect(result.counterexample).toBe('[100000000000000000000]');
    expect(result.divergence?.step).toBeGreaterThanOrEqual(1);
    expect(() => assertExpectedVerdict(result)).toThrow(
      /DIVERGED[\s\S]*a training run diverged, so the claim could not be judged on it \(step \d+/,
    );
    const ledger = buildLedger(CLAIMS, await readCheckResults(ledgerDir));
    expect(ledger.failing).toContain('C08-training-mode-reproduces-fit');
    expect(ledgerMarkdown(ledger)).toMatch(
      /\*\*diverged\*\* \(diverging learning rate\), \d+\/4 runs: diverged at step \d+ \(epoch \d+\): (loss|weights|predict) became/,
    );
  });

  it('no golden is made from a diverged run, even one whose clipped losses look like numbers', async () => {
    const backend = await selectBackend('wasm');
    const experiment = {
      ...CANONICAL_EXPERIMENTS[1],
      name: 'diverging',
      config: { ...CANONICAL_EXPERIMENTS[1].config, learningRate: 1e20, epochs: 2, imageSize: 24 },
    };
    await expect(
      runCanonicalExperiment(experiment).then((trace) => canonicalRecord(experiment, trace, backend)),
    ).rejects.toThrow(
      /diverging: the run at momentum 0\.99 diverged at step \d+ \(epoch \d+\): (loss|weights|predict) became .*; no golden is written from it/,
    );
  });
});
