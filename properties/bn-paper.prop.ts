// Ioffe & Szegedy 2015 (arXiv 1502.03167), src/claims/documents/ioffe-szegedy-2015.ts: §3.1-3.3 on real
// tfjs dense / conv2d and BatchNormalization layers.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectClaimBackend } from '../src/backend/claim-backend.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import {
  biasCancelled,
  foldsIntoConv,
  newRoom,
  storesUnbiasedVariance,
  weightScaleInvariance,
  type VarianceWitness,
} from '../src/claims/properties/bn-paper.js';

beforeAll(async () => {
  await selectClaimBackend();
});

const MODEL = 'tfjs dense or conv2d + BatchNormalization (generated shapes)';

describe('Ioffe & Szegedy 2015', () => {
  for (const part of ['output', 'gradients'] as const) {
    it(`BN1 §3.3: scaling the weights by a > 0 leaves the ${part === 'output' ? 'training-mode output' : 'input gradient unchanged and divides the weight gradient by a'}`, async () => {
      const tensors = tf.memory().numTensors;
      const room = newRoom();
      const result = await checkClaim('BN1-weight-scale-invariance', part, weightScaleInvariance(part, room), {
        numRuns: 100,
        minRuns: 100,
        model: MODEL,
        measured: () => ({ worstErrorOverTolerance: room.worst, comparisons: room.cases }),
      });
      assertExpectedVerdict(result);
      expect(room.cases).toBeGreaterThanOrEqual(100);
      expect(tf.memory().numTensors - tensors, 'tensors left behind').toBe(0);
    });
  }

  it('BN2 §3.2: a bias before BN changes neither the training output nor gets a gradient', async () => {
    const room = newRoom();
    assertExpectedVerdict(
      await checkClaim('BN2-bias-before-bn-is-cancelled', 'output and bias gradient', biasCancelled(room), {
        numRuns: 100,
        minRuns: 100,
        model: MODEL,
        measured: () => ({ worstErrorOverTolerance: room.worst, comparisons: room.cases }),
      }),
    );
  });

  it('BN3 §3.1: inference BN folded into the conv gives the same outputs within the float32 bound', async () => {
    const room = newRoom();
    assertExpectedVerdict(
      await checkClaim('BN3-inference-bn-folds-into-conv', 'folded conv vs conv + BN', foldsIntoConv(room), {
        numRuns: 100,
        minRuns: 100,
        model: 'tfjs conv2d + BatchNormalization (inference) vs one folded conv2d',
        measured: () => ({ worstErrorOverTolerance: room.worst, comparisons: room.cases }),
      }),
    );
  });

  it("BN4 §3.1: tfjs stores the biased batch variance, not the paper's unbiased one (refuted, shrunk)", async () => {
    const seen: { last?: VarianceWitness } = {};
    const result = await checkClaim(
      'BN4-inference-variance-is-unbiased',
      'momentum 0, one batch',
      storesUnbiasedVariance(seen),
      {
        numRuns: 100,
        minRuns: 100,
        model: 'tfjs BatchNormalization (momentum 0)',
        witness: () => (seen.last ? { ...seen.last } : undefined),
      },
    );
    assertExpectedVerdict(result);
    expect(result.verdict).toBe('refuted');
    // The shrunk counterexample shows the mechanism: tfjs stored the biased variance, which differs from the unbiased one by the factor m/(m-1).
    const w = result.witness!;
    expect(w.biasedVariance).toBeGreaterThan(0);
    expect(Math.abs(w.storedMovingVariance - w.biasedVariance)).toBeLessThan(1e-6 * (1 + w.biasedVariance));
    expect(w.unbiasedVariance / w.biasedVariance).toBeCloseTo(w.valuesPerChannel / (w.valuesPerChannel - 1), 6);
  });
});
