// normprop replaces tfjs's Tile gradient (one slice per tile) with a reshape and a sum, and wasm's
// Tile kernel with block copies. The gradient must give tfjs's own for every rank tfjs supports
// (1-4), any reps, on wasm and cpu; the kernel must give the cpu backend's tile, for ranks 1-5.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { tileGradientCase, tileKernelCase } from '../../../src/arbitraries/tile-cases.js';
import { selectBackend } from '../../../src/backend/select.js';
import { leanTileGradient, stockTileGradient } from '../src/tile-gradient.js';
import { firstOverBound, summationOrderTolerance } from '../../../src/stats/float32-bounds.js';
import { assertProperty } from '../../../src/property-engine/assert.js';
import { seededValues } from '../../../src/stats/seeded-values.js';

describe('the block-copy Tile kernel on wasm', () => {
  beforeAll(async () => {
    await selectBackend('wasm', { kernels: 'normprop' });
  });

  it("equals the cpu backend's Tile bit for bit (float32 and int32)", async () => {
    await assertProperty(
      'wasm Tile == cpu Tile',
      fc.asyncProperty(tileKernelCase, async (c) => {
        const values = Array.from(
          seededValues(
            c.shape.reduce((a, b) => a * b, 1),
            c.seed,
          ),
          (v) => (c.dtype === 'int32' ? Math.round(v * 100) : v),
        );
        const tileOn = async (backend: string) => {
          await tf.setBackend(backend);
          const t = tf.tidy(() => tf.tile(tf.tensor(values, c.shape, c.dtype), c.reps));
          const result = { shape: t.shape, data: Array.from(await t.data()) };
          t.dispose();
          return result;
        };
        const ours = await tileOn('wasm');
        const reference = await tileOn('cpu');
        await tf.setBackend('wasm');
        expect(ours).toEqual(reference);
      }),
      { numRuns: 150 },
    );
  });
});

describe('the lean Tile gradient', () => {
  beforeAll(async () => {
    await selectBackend('wasm', { kernels: 'normprop' });
  });

  // Both gradients sum the same prod(reps) slices of dy per element, in different orders: they may
  // differ by the float32 summation-order bound for that many terms and their absolute sum. The old
  // check (relative error <= 1e-6, relative to the result) failed on 9 terms that cancel: difference
  // 7.5e-8 on a sum of 0.048 (1.56e-6 of it) whose terms' magnitudes add to 4.88; the bound is 4.7e-6.
  it("equals tfjs's own gradient for ranks 1-4, within the float32 summation-order bound", async () => {
    const stock = stockTileGradient();
    await assertProperty(
      'lean Tile gradient == tfjs gradient',
      fc.asyncProperty(tileGradientCase, async (c) => {
        await tf.setBackend(c.backend);
        tf.tidy(() => {
          const x = tf.tensor(
            seededValues(
              c.shape.reduce((a, b) => a * b, 1),
              c.seed,
            ),
            c.shape,
          );
          const tiledShape = c.shape.map((s, i) => s * c.reps[i]);
          const dy = tf.tensor(
            seededValues(
              tiledShape.reduce((a, b) => a * b, 1),
              c.seed + 1,
            ),
            tiledShape,
          );
          const ours = leanTileGradient.gradFunc(dy, [x], { reps: c.reps }).x();
          const theirs = stock.gradFunc(dy, [x], { reps: c.reps }).x();
          expect(ours.shape).toEqual(c.shape);
          const terms = c.reps.reduce((a, b) => a * b, 1);
          const absSums = stock.gradFunc(tf.abs(dy), [x], { reps: c.reps }).x().dataSync();
          const over = firstOverBound(ours.dataSync(), theirs.dataSync(), (i) =>
            summationOrderTolerance(terms, absSums[i]),
          );
          expect(over, 'an element beyond the summation-order bound').toBeUndefined();
        });
      }),
      // The case that broke the old fixed 1e-6 (issue 14): always tried first.
      { numRuns: 150, examples: [[{ shape: [1, 1], reps: [3, 3], seed: -379096007, backend: 'cpu' }]] },
    );
  });
});
