// normprop's Sum and Mean gradients broadcast dy (Mean's divided by the count first) instead of
// multiplying it by a ones tensor of the input's shape: since dy * 1 = dy and (dy * 1) / n = dy / n in
// float32, they must give tfjs's own gradients' values bit for bit, on any shape, axes and keepDims,
// on wasm and on cpu, and be the gradients the engine uses once a backend is selected.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BATCH_NORM_REDUCTIONS, reductionCase } from './arbitraries/reduction-cases.js';
import { leanReductionGradient, stockReductionGradient } from '../src/reduction-gradients.js';
import { selectBackend } from '../../../src/backend/select.js';
import { assertProperty } from '../../../src/property-engine/assert.js';
import { firstInexact } from '../../../src/stats/float32-bounds.js';
import { seededValues } from '../../../src/stats/seeded-values.js';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

// Gradients flow in float32: every case is float32 (mapped, not filtered, so nothing is discarded).
const gradientCase = fc.record({
  reduction: reductionCase.map((c) => ({ ...c, dtype: 'float32' as const })),
  backend: fc.constantFrom('wasm', 'cpu'),
});

describe('the broadcasting Sum and Mean gradients', () => {
  beforeAll(async () => {
    await selectBackend('wasm', { kernels: 'normprop' });
  });

  it('are the gradients the engine runs once a backend is selected', () => {
    expect(tf.getGradient('Sum')).toBe(leanReductionGradient('Sum'));
    expect(tf.getGradient('Mean')).toBe(leanReductionGradient('Mean'));
  });

  it("give tfjs's own gradients' values bit for bit, on wasm and cpu", async () => {
    await assertProperty(
      'broadcast Sum/Mean gradient == tfjs gradient (bits)',
      fc.asyncProperty(gradientCase, async ({ reduction: c, backend }) => {
        await tf.setBackend(backend);
        const attrs = { axis: c.axis, keepDims: c.keepDims } as unknown as tf.NamedAttrMap;
        const [ours, theirs] = tf.tidy(() => {
          const x = tf.tensor(seededValues(size(c.shape), c.seed), c.shape);
          const outShape = tf.sum(x, c.axis, c.keepDims).shape;
          const dy = tf.tensor(seededValues(size(outShape), c.seed + 1), outShape);
          const lean = leanReductionGradient(c.op).gradFunc(dy, [x], attrs) as Record<string, () => tf.Tensor>;
          const stock = stockReductionGradient(c.op).gradFunc(dy, [x], attrs) as Record<string, () => tf.Tensor>;
          const [a, b] = [lean.x(), stock.x()];
          return [
            { shape: a.shape, dtype: a.dtype, values: a.dataSync().slice() },
            { shape: b.shape, dtype: b.dtype, values: b.dataSync().slice() },
          ];
        });
        await tf.setBackend('wasm');
        expect([ours.shape, ours.dtype]).toEqual([theirs.shape, theirs.dtype]);
        expect(firstInexact(ours.values, theirs.values), 'first element unlike tfjs').toBeUndefined();
      }),
      {
        numRuns: 150,
        examples: BATCH_NORM_REDUCTIONS.map((c) => [
          { reduction: { ...c, dtype: 'float32' as const }, backend: 'wasm' },
        ]),
      },
    );
  });
});
