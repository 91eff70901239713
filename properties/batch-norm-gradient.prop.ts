// normprop replaces tfjs's FusedBatchNorm gradient with a leaner one (broadcast instead of tile,
// shared reductions). Its gradients for every input of tf.batchNorm must equal those autodiff gives
// for the same formula written with elementwise ops, and tfjs's own where that one works (rank 4:
// tfjs's gradient throws for a rank-2 input with per-channel statistics, a tfjs bug).
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { leanBatchNormGradient, stockBatchNormGradient } from '../src/backend/batch-norm-gradient.js';
import { selectBackend } from '../src/backend/select.js';
import { maxRelativeError } from '../src/testing/compare.js';
import { assertProperty } from '../src/testing/property.js';
import { seededValues } from '../src/testing/random.js';

const TOLERANCE = 1e-4;

const bnCase = fc.record({
  shape: fc.oneof(
    fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 })),
    fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 6 })),
  ),
  withScale: fc.boolean(),
  epsilon: fc.constantFrom(1e-3, 1.001e-5, 0.5),
  seed: fc.integer(),
  backend: fc.constantFrom('wasm', 'cpu'),
});

describe('the lean BatchNorm gradient', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it('equals autodiff of the elementwise formula, and tfjs\'s own gradient on rank 4, for x, mean, variance, scale and offset (within 1e-4)', async () => {
    const stock = stockBatchNormGradient();
    await assertProperty(
      'lean FusedBatchNorm gradient == tfjs gradient',
      fc.asyncProperty(bnCase, async (c) => {
        await tf.setBackend(c.backend);
        const channels = c.shape[c.shape.length - 1];
        const size = c.shape.reduce((a, b) => a * b, 1);
        tf.tidy(() => {
          const x = tf.tensor(seededValues(size, c.seed), c.shape);
          const mean = tf.tensor1d(seededValues(channels, c.seed + 1));
          const variance = tf.abs(tf.tensor1d(seededValues(channels, c.seed + 2))).add(0.1);
          const scale = c.withScale ? tf.tensor1d(seededValues(channels, c.seed + 3)) : undefined;
          const dy = tf.tensor(seededValues(size, c.seed + 4), c.shape);
          const saved = [x, mean, variance, scale as tf.Tensor];
          const attrs = { varianceEpsilon: c.epsilon };
          const ours = leanBatchNormGradient.gradFunc(dy, saved, attrs);
          const offset = tf.zeros([channels]);
          const formula = (xi: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: tf.Tensor, o: tf.Tensor) =>
            tf.sum(tf.mul(dy, tf.add(tf.mul(tf.mul(tf.sub(xi, m), tf.rsqrt(tf.add(v, c.epsilon))), s), o)));
          const [gx, gm, gv, gs, go] = tf.grads(formula)([x, mean, variance, scale ?? tf.ones([channels]), offset]);
          const reference: Record<string, tf.Tensor> = { x: gx, mean: gm, variance: gv, scale: gs, offset: go };
          const theirs = c.shape.length === 4 ? stock.gradFunc(dy, saved, attrs) : undefined;
          for (const input of ['x', 'mean', 'variance', 'scale', 'offset']) {
            const a = ours[input]();
            expect(a.shape, input).toEqual(reference[input].shape);
            expect(maxRelativeError(a.dataSync(), reference[input].dataSync()), input).toBeLessThanOrEqual(TOLERANCE);
            if (theirs) expect(maxRelativeError(a.dataSync(), theirs[input]().dataSync()), `${input} vs tfjs`).toBeLessThanOrEqual(TOLERANCE);
          }
        });
      }),
      { numRuns: 100 },
    );
  });
});
