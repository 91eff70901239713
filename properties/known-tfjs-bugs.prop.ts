// tfjs bugs normprop has met, each checked until tfjs fixes it: the property states the behaviour we
// want, and the ledger's verdict is 'known bug' while it fails with the bug's symptom, 'fixed
// upstream' (failing the suite, so the entry goes) once it passes, and 'error'/'regressed' if it
// fails some other way.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { stockBatchNormGradient } from '../src/backend/batch-norm-gradient.js';
import { rank2Or4Shape } from '../src/arbitraries/tensor-shapes.js';
import { selectBackend } from '../src/backend/select.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import { seededValues } from '../src/stats/seeded-values.js';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('known tfjs bugs (checked until tfjs fixes them)', () => {
  it('layerNormalization({center: false, scale: false}) has an input gradient', async () => {
    const property = fc.property(rank2Or4Shape, fc.integer(), (shape, seed) => {
      tf.tidy(() => {
        const layer = tf.layers.layerNormalization({ center: false, scale: false });
        const x = tf.tensor(seededValues(size(shape), seed), shape);
        tf.grad((t: tf.Tensor) => (layer.apply(t) as tf.Tensor).sum())(x).dataSync();
      });
    });
    assertExpectedVerdict(
      await checkClaim('K-tfjs-layernorm-no-affine-gradient', 'input gradient', property, {
        numRuns: 5,
        minRuns: 5,
        failures: false,
      }),
    );
  });

  it("tfjs's FusedBatchNorm gradient works for a rank-2 input with per-channel statistics", async () => {
    const stock = stockBatchNormGradient();
    const property = fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer(),
      (n, c, seed) => {
        tf.tidy(() => {
          const x = tf.tensor2d(seededValues(n * c, seed), [n, c]);
          const [mean, variance, scale] = [tf.zeros([c]), tf.ones([c]), tf.ones([c])];
          const grads = stock.gradFunc(tf.ones([n, c]), [x, mean, variance, scale], { varianceEpsilon: 1e-3 });
          for (const input of ['x', 'mean', 'variance', 'scale', 'offset']) grads[input]().dataSync();
        });
      },
    );
    assertExpectedVerdict(
      await checkClaim('K-tfjs-fused-batchnorm-rank2-gradient', 'tfjs gradient, rank 2', property, {
        numRuns: 5,
        minRuns: 5,
        failures: false,
      }),
    );
  });
});
