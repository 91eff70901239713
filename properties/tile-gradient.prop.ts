// normprop replaces tfjs's Tile gradient (one slice per tile) with a reshape and a sum. It must
// give tfjs's own gradient for every rank tfjs supports (1-4), any reps, on wasm and cpu.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend/select.js';
import { leanTileGradient, stockTileGradient } from '../src/backend/tile-gradient.js';
import { maxRelativeError } from '../src/testing/compare.js';
import { assertProperty } from '../src/testing/property.js';
import { seededValues } from '../src/testing/random.js';

const tileCase = fc
  .integer({ min: 1, max: 4 })
  .chain((rank) =>
    fc.record({
      shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: rank, maxLength: rank }),
      reps: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: rank, maxLength: rank }),
      seed: fc.integer(),
      backend: fc.constantFrom('wasm', 'cpu'),
    }),
  );

describe('the lean Tile gradient', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  it("equals tfjs's own gradient for ranks 1-4 (within 1e-6)", async () => {
    const stock = stockTileGradient();
    await assertProperty(
      'lean Tile gradient == tfjs gradient',
      fc.asyncProperty(tileCase, async (c) => {
        await tf.setBackend(c.backend);
        tf.tidy(() => {
          const x = tf.tensor(seededValues(c.shape.reduce((a, b) => a * b, 1), c.seed), c.shape);
          const tiledShape = c.shape.map((s, i) => s * c.reps[i]);
          const dy = tf.tensor(seededValues(tiledShape.reduce((a, b) => a * b, 1), c.seed + 1), tiledShape);
          const ours = leanTileGradient.gradFunc(dy, [x], { reps: c.reps }).x();
          const theirs = stock.gradFunc(dy, [x], { reps: c.reps }).x();
          expect(ours.shape).toEqual(c.shape);
          expect(maxRelativeError(ours.dataSync(), theirs.dataSync())).toBeLessThanOrEqual(1e-6);
        });
      }),
      { numRuns: 150 },
    );
  });
});
