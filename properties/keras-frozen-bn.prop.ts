// Keras's documents on a frozen BatchNormalization (src/claims/documents/keras-batchnorm-docstring.ts,
// keras-io-transfer-learning.ts, keras-issue-4762.ts), checked on tfjs: BN + Dense, one fit() epoch of one batch.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectClaimBackend } from '../src/backend/claim-backend.js';
import type { ClaimId } from '../src/claims/catalog.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import { frozenBatchNorm, type FrozenWitness } from '../src/claims/properties/frozen-bn.js';
import type { FreezeKind } from '../src/experiment/frozen-bn-fit.js';

beforeAll(async () => {
  await selectClaimBackend();
});

const HOW: Record<FreezeKind, string> = {
  'trainable-false': 'tfjs BatchNormalization({trainable: false}) + Dense(1)',
  'base-called-training-false': 'frozen tfjs base (BatchNormalization) called with {training: false} + Dense(1) head',
  'layer-called-training-false': 'tfjs BatchNormalization applied with {training: false} at build time + Dense(1)',
};

/** Checks one part of a frozen-BN claim; it must be refuted, shrunk, with a witness showing tfjs's mechanism. */
async function refutedOnTfjs(id: ClaimId, kind: FreezeKind, part: 'state' | 'mode') {
  const tensors = tf.memory().numTensors;
  const seen: { last?: FrozenWitness } = {};
  const result = await checkClaim(
    id,
    part === 'state' ? 'moving statistics after fit()' : "fit()'s loss vs evaluate()'s",
    frozenBatchNorm(kind, part, seen),
    {
      numRuns: 50,
      minRuns: 50,
      model: `${HOW[kind]}, one fit() epoch of one batch (generated: 2-8 samples, 1-3 channels)`,
      witness: () => (seen.last ? { ...seen.last } : undefined),
    },
  );
  assertExpectedVerdict(result);
  expect(result.verdict).toBe('refuted');
  expect(result.shrinks, 'fast-check shrank the counterexample').toBeGreaterThan(0);
  const w = result.witness!;
  // Not degenerate: at least two samples, a batch variance of 2.25 or more, a batch mean away from 0.
  expect(w.batchSize).toBeGreaterThanOrEqual(2);
  expect(w.batchVariance).toBeGreaterThanOrEqual(2.25 * (1 - 1e-5));
  expect(Math.abs(w.batchMean)).toBeGreaterThanOrEqual(0.25 * (1 - 1e-5));
  if (part === 'state') {
    // tfjs's update, momentum 0.99: moving mean = 0.99 * 0 + 0.01 * batch mean.
    expect(w.movingMeanAfter).toBeCloseTo(0.01 * w.batchMean, 6);
  } else {
    // fit() normalized with the batch's statistics; evaluate() with the moving ones.
    expect(Math.abs(w.fitLoss - w.lossWithBatchStatistics)).toBeLessThan(1e-4 * (1 + w.fitLoss));
    expect(Math.abs(w.fitLoss - w.evaluateLoss)).toBeGreaterThan(1e-3);
  }
  expect(tf.memory().numTensors - tensors, 'tensors left behind').toBe(0);
}

describe('Keras BatchNormalization docstring, on tfjs', () => {
  it("KBN1: fit() moves a trainable=false BN's moving statistics (refuted, shrunk)", () =>
    refutedOnTfjs('KBN1-frozen-bn-state-not-updated', 'trainable-false', 'state'));
  it("KBN2: fit() normalizes a trainable=false BN with the batch's statistics (refuted, shrunk)", () =>
    refutedOnTfjs('KBN2-frozen-bn-runs-in-inference-mode', 'trainable-false', 'mode'));
});

describe('Keras transfer-learning guide, on tfjs', () => {
  for (const part of ['state', 'mode'] as const) {
    it(`TL1 (${part}): bn.trainable = false neither stops updates nor switches to inference mode (refuted, shrunk)`, () =>
      refutedOnTfjs('TL1-frozen-bn-inference-and-no-update', 'trainable-false', part));
    it(`TL2 (${part}): base_model(x, training=False) does not keep the base in inference mode (refuted, shrunk)`, () =>
      refutedOnTfjs('TL2-base-called-training-false-stays-inference', 'base-called-training-false', part));
  }
});

describe('keras issue 4762, on tfjs', () => {
  for (const part of ['state', 'mode'] as const)
    it(`KI1 (${part}): BatchNormalization()(x, training=False) does not always run in inference mode (refuted, shrunk)`, () =>
      refutedOnTfjs('KI1-training-false-at-build-always-inference', 'layer-called-training-false', part));
});
