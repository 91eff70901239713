// normprop's wasm Sum and Mean reduce a leading run of axes (BatchNorm's moments) without tfjs's
// transpose, adding in tfjs's own order: they must give tfjs's wasm kernel's very values, on any
// shape, axes and keepDims (other axes and dtypes go to tfjs's kernel), leave no wasm buffer behind,
// and agree with the cpu backend within the float32 bound for sums of that many terms in another
// order (the cpu backend adds in a double).
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BATCH_NORM_REDUCTIONS, reductionCase, type ReductionCase } from './arbitraries/reduction-cases.js';
import { selectBackend } from '../../../src/backend/select.js';
import { stockWasmKernel } from '../src/wasm-training-kernels.js';
import { assertProperty } from '../../../src/property-engine/assert.js';
import { firstInexact, firstOverBound, meanError, summationOrderTolerance } from '../../../src/stats/float32-bounds.js';
import { seededValues } from '../../../src/stats/seeded-values.js';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function inputValues(c: ReductionCase): number[] {
  return Array.from(seededValues(size(c.shape), c.seed), (v) => (c.dtype === 'int32' ? Math.round(v * 100) : v));
}

/** The registered kernel's output on the current backend: shape, dtype and values. */
function runRegistered(c: ReductionCase, values: number[] | Float32Array) {
  return tf.tidy(() => {
    const y = tf.engine().runKernel(c.op, { x: tf.tensor(values, c.shape, c.dtype) }, {
      axis: c.axis,
      keepDims: c.keepDims,
    } as unknown as tf.NamedAttrMap) as tf.Tensor;
    return { shape: y.shape, dtype: y.dtype, values: y.dataSync().slice() };
  });
}

describe("wasm's leading-axes Sum and Mean", () => {
  beforeAll(async () => {
    await selectBackend('wasm', { kernels: 'normprop' });
  });

  it("give tfjs's own wasm kernel's values bit for bit, and the cpu backend's within the float32 bound", async () => {
    await assertProperty(
      'wasm Sum/Mean == stock wasm (bits), ~ cpu',
      fc.asyncProperty(reductionCase, async (c) => {
        const values = inputValues(c);
        await tf.setBackend('wasm');
        const backend = tf.backend();
        const dataBefore = backend.numDataIds();
        const ours = runRegistered(c, values);
        const x = tf.tensor(values, c.shape, c.dtype);
        const stockOut = stockWasmKernel(c.op)({
          inputs: { x },
          backend: backend as never,
          attrs: { axis: c.axis, keepDims: c.keepDims },
        });
        const stock = { shape: stockOut.shape, dtype: stockOut.dtype, values: backend.readSync(stockOut.dataId) };
        backend.disposeData(stockOut.dataId);
        x.dispose();
        expect(backend.numDataIds(), 'wasm buffers left behind').toBe(dataBefore);
        expect([ours.shape, ours.dtype]).toEqual([stock.shape, stock.dtype]);
        expect(firstInexact(ours.values, stock.values as ArrayLike<number>), 'first element unlike stock wasm').toBe(
          undefined,
        );

        await tf.setBackend('cpu');
        const cpu = runRegistered(c, values);
        const absSums = runRegistered({ ...c, op: 'Sum' }, values.map(Math.abs)).values;
        await tf.setBackend('wasm');
        expect(ours.shape).toEqual(cpu.shape);
        const terms = size(c.axis.map((a) => c.shape[a < 0 ? a + c.shape.length : a]));
        if (c.op === 'Sum' && c.dtype === 'int32') {
          expect(firstInexact(ours.values, cpu.values), 'int32 sum unlike cpu').toBeUndefined();
          return;
        }
        const bound =
          c.op === 'Sum'
            ? (i: number) => summationOrderTolerance(terms, absSums[i])
            : (i: number) => 2 * meanError(terms, absSums[i]);
        expect(firstOverBound(ours.values, cpu.values, bound), 'an element beyond the float32 bound').toBeUndefined();
      }),
      { numRuns: 200, examples: BATCH_NORM_REDUCTIONS.map((c) => [c]) },
    );
  });
});
