// normprop's SIMD kernels (src/backend/simd-kernels.wat) stand in for five JS loops on the wasm
// backend: the leading-axes Sum/Mean, the fused Adam step, the filter gradient's tap gather,
// MaxPoolGrad and the conv gradients' transposes. They must give those loops' very bits,
// on any size (SIMD body and scalar tail), any float32 input (NaN, infinities, -0, subnormals, the
// largest finite values) and any 4-byte alignment, in both builds: memory shared (threaded wasm) and not.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adamStepCase,
  gatherTapsCase,
  maxPoolGradCase,
  sumLeadingCase,
  transposeCase,
} from './arbitraries/simd-kernel-cases.js';
import { adamStep } from '../src/fused-adam.js';
import { simdKernelsFor } from '../src/simd-kernels.js';
import { sumLeadingJs } from '../src/wasm-leading-reduction.js';
import { gatheredLength, gatherTapsJs } from '../src/gather-taps.js';
import { maxPoolGradJs, maxPoolGradScratchFloats } from '../src/wasm-max-pool-gradient.js';
import { transposeBatchedJs } from '../src/wasm-transpose.js';
import { firstInexact } from '../../../src/stats/float32-bounds.js';
import { assertProperty } from '../../../src/property-engine/assert.js';

const memories = {
  shared: new WebAssembly.Memory({ initial: 4, maximum: 64, shared: true }),
  unshared: new WebAssembly.Memory({ initial: 4 }),
};
/** Copies `values` into the memory at consecutive float offsets from `start`; returns their byte offsets. */
function place(memory: WebAssembly.Memory, start: number, arrays: (number[] | number)[]): number[] {
  const floats = start + arrays.reduce<number>((sum, a) => sum + (typeof a === 'number' ? a : a.length) + 3, 0);
  const pages = Math.ceil((floats * 4) / 65536) - memory.buffer.byteLength / 65536;
  if (pages > 0) memory.grow(pages);
  const heap = new Float32Array(memory.buffer);
  let at = start;
  return arrays.map((a) => {
    const n = typeof a === 'number' ? a : a.length;
    if (typeof a === 'number')
      heap.fill(Math.fround(12345.678), at, at + n + 1); // output and the float after it: stale garbage
    else heap.set(a, at);
    const byteOffset = at * 4;
    at += n + 3;
    return byteOffset;
  });
}

const view = (memory: WebAssembly.Memory, byteOffset: number, n: number) =>
  new Float32Array(memory.buffer, byteOffset, n).slice();

describe("normprop's SIMD kernels", () => {
  for (const [kind, memory] of Object.entries(memories)) {
    const kernels = simdKernelsFor(memory);

    it(`are available on ${kind} memory`, () => {
      expect(kernels, `this runtime could not instantiate the ${kind}-memory build`).toBeDefined();
    });

    it(`sumLeading on ${kind} memory gives the JS loop's bits (Sum and Mean)`, async () => {
      await assertProperty(
        `simd sumLeading == JS (${kind})`,
        fc.property(sumLeadingCase, ({ rows, cols, values, mean, offset }) => {
          const [src, dst] = place(memory, offset, [values, cols]);
          kernels!.sumLeading(src, dst, rows, cols, mean);
          const expected = new Float32Array(cols);
          sumLeadingJs(Float32Array.from(values), expected, rows, cols, mean);
          const got = view(memory, dst, cols);
          const at = firstInexact(got, expected);
          expect(at, `column ${at}: ${got[at!]} vs the JS loop's ${expected[at!]}`).toBeUndefined();
        }),
        { numRuns: 300 },
      );
    });

    it(`adamStep on ${kind} memory gives the JS loop's bits (value, m, v)`, async () => {
      await assertProperty(
        `simd adamStep == JS (${kind})`,
        fc.property(adamStepCase, ({ arrays, beta1, beta2, learningRate, epsilon, t, offset }) => {
          const [value, m, v, g] = arrays;
          const n = value.length;
          const attrs = {
            learningRate,
            beta1,
            beta2,
            epsilon,
            oneMinusAccBeta1: 1 - Math.fround(beta1) ** t,
            oneMinusAccBeta2: 1 - Math.fround(beta2) ** t,
          };
          const [pv, pm, pvv, pg, outValue, outM, outV] = place(memory, offset, [value, m, v, g, n, n, n]);
          kernels!.adamStep({ value: pv, m: pm, v: pvv, g: pg, outValue, outM, outV }, n, attrs);
          const expected = [0, 1, 2].map(() => new Float32Array(n)) as [Float32Array, Float32Array, Float32Array];
          adamStep(
            ...(arrays.map((a) => Float32Array.from(a)) as [Float32Array, Float32Array, Float32Array, Float32Array]),
            attrs,
            expected,
          );
          for (const [name, at, want] of [
            ['value', outValue, expected[0]],
            ['m', outM, expected[1]],
            ['v', outV, expected[2]],
          ] as const) {
            const got = view(memory, at, n);
            const i = firstInexact(got, want);
            expect(i, `${name}[${i}]: ${got[i!]} vs the JS loop's ${want[i!]}`).toBeUndefined();
          }
        }),
        { numRuns: 300 },
      );
    });

    it(`gatherTaps on ${kind} memory gives the JS loop's bits (strides, padding past either edge, empty rows)`, async () => {
      await assertProperty(
        `simd gatherTaps == JS (${kind})`,
        fc.property(gatherTapsCase, ({ geometry, values }) => {
          const length = gatheredLength(geometry);
          const [src, dst] = place(memory, geometry.offset, [values, length]);
          kernels!.gatherTaps(src, dst, geometry);
          const expected = new Float32Array(length);
          gatherTapsJs(Float32Array.from(values), expected, geometry);
          const got = view(memory, dst, length);
          const at = firstInexact(got, expected);
          expect(at, `element ${at}: ${got[at!]} vs the JS loop's ${expected[at!]}`).toBeUndefined();
          // Nothing past the output is written: the float after it keeps place()'s stale marker.
          expect(new Float32Array(memory.buffer, dst + length * 4, 1)[0]).toBe(Math.fround(12345.678));
        }),
        { numRuns: 300 },
      );
    });

    it(`maxPoolGrad on ${kind} memory gives the JS loop's bits (ties, NaN and -Infinity windows, padding)`, async () => {
      await assertProperty(
        `simd maxPoolGrad == JS (${kind})`,
        fc.property(maxPoolGradCase, ({ geometry, x, dy }) => {
          const [px, pdy, pdx, scratch] = place(memory, geometry.offset, [
            x,
            dy,
            x.length,
            maxPoolGradScratchFloats(geometry),
          ]);
          kernels!.maxPoolGrad(px, pdy, pdx, scratch, geometry);
          const expected = new Float32Array(x.length);
          maxPoolGradJs(Float32Array.from(x), Float32Array.from(dy), expected, geometry);
          const got = view(memory, pdx, x.length);
          const at = firstInexact(got, expected);
          expect(at, `dx[${at}]: ${got[at!]} vs the JS loop's ${expected[at!]}`).toBeUndefined();
        }),
        { numRuns: 300 },
      );
    });

    it(`transposeBatched on ${kind} memory moves every float where the JS loop does (4x4 blocks and ragged strips)`, async () => {
      await assertProperty(
        `simd transposeBatched == JS (${kind})`,
        fc.property(transposeCase, ({ dims: { batches, rows, cols, offset }, values }) => {
          const n = values.length;
          const [src, dst] = place(memory, offset, [values, n]);
          kernels!.transposeBatched(src, dst, batches, rows, cols);
          const expected = new Float32Array(n);
          transposeBatchedJs(Float32Array.from(values), expected, batches, rows, cols);
          const got = view(memory, dst, n);
          const at = firstInexact(got, expected);
          expect(at, `element ${at}: ${got[at!]} vs the JS loop's ${expected[at!]}`).toBeUndefined();
          expect(new Float32Array(memory.buffer, dst + n * 4, 1)[0]).toBe(Math.fround(12345.678));
        }),
        { numRuns: 300 },
      );
    });
  }
});
