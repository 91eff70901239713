import fc from 'fast-check';

/**
 * 2-D max pooling (NHWC) for the MaxPoolGrad checks: an input, a window, strides and padding, and
 * how the input's values are made. Sizes are at least 1 and a 'valid' window fits the input, so
 * shrinking keeps a real pooling; the values come from a seed (shrinking the seed never makes them all
 * equal), shaped by `values`.
 */
export interface PoolCase {
  batch: number;
  height: number;
  width: number;
  channels: number;
  filter: [number, number];
  strides: [number, number];
  pad: 'same' | 'valid';
  /**
   * mixed: seeded values in [-1, 1); negative: the same made negative, so every window lacks a positive
   * value (what tfjs's wasm kernel gets wrong); ties: a few levels around 0 (zeros, equal maxima).
   */
  values: 'mixed' | 'negative' | 'ties';
  seed: number;
}

export function poolCase(maxSize = 9): fc.Arbitrary<PoolCase> {
  return fc
    .record({
      batch: fc.integer({ min: 1, max: 3 }),
      height: fc.integer({ min: 1, max: maxSize }),
      width: fc.integer({ min: 1, max: maxSize }),
      channels: fc.integer({ min: 1, max: 5 }),
      // ResNet's own pool (3x3, stride 2) often, any other window and stride too.
      filter: fc.oneof(
        fc.constant<[number, number]>([3, 3]),
        fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })),
      ),
      strides: fc.oneof(
        fc.constant<[number, number]>([2, 2]),
        fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      ),
      pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
      values: fc.constantFrom<PoolCase['values']>('mixed', 'negative', 'ties'),
      seed: fc.integer(),
    })
    .filter((c) => c.pad === 'same' || (c.filter[0] <= c.height && c.filter[1] <= c.width));
}

/** The input values of a case, from uniform seeded values in [-1, 1) (`seeded`). */
export function poolInput(c: PoolCase, seeded: Float32Array): Float32Array {
  if (c.values === 'negative') return seeded.map((v) => -Math.abs(v) - 2 ** -10);
  if (c.values === 'ties') return seeded.map((v) => Math.round(v * 2) / 2);
  return seeded;
}

/** ResNet50's stem pool (3x3, stride 2, 'same') at a small size, once with all-negative windows: tried first. */
export const RESNET50_POOL_CASES: PoolCase[] = [
  {
    batch: 2,
    height: 9,
    width: 9,
    channels: 4,
    filter: [3, 3],
    strides: [2, 2],
    pad: 'same',
    values: 'mixed',
    seed: 1,
  },
  {
    batch: 1,
    height: 7,
    width: 7,
    channels: 3,
    filter: [3, 3],
    strides: [2, 2],
    pad: 'same',
    values: 'negative',
    seed: 2,
  },
];

/**
 * A small pooling with its input values as data, all distinct and nonzero, so fast-check shrinks the
 * values themselves and no window has equal maxima: the known-bug check of tfjs's wasm MaxPoolGrad,
 * whose counterexample must show the window that the bug misroutes.
 */
export interface PoolValuesCase {
  shape: [number, number, number, number];
  filter: [number, number];
  strides: [number, number];
  pad: 'same' | 'valid';
  x: number[];
}

export const poolValuesCase: fc.Arbitrary<PoolValuesCase> = fc
  .record({
    batch: fc.integer({ min: 1, max: 2 }),
    height: fc.integer({ min: 1, max: 4 }),
    width: fc.integer({ min: 1, max: 4 }),
    channels: fc.integer({ min: 1, max: 2 }),
    filter: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
    strides: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
    pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
  })
  .filter((c) => c.pad === 'same' || (c.filter[0] <= c.height && c.filter[1] <= c.width))
  .chain((c) => {
    const n = c.batch * c.height * c.width * c.channels;
    // -50..49 without 0: shrinks towards 1, the smallest positive value.
    const nonzero = fc.integer({ min: -50, max: 49 }).map((k) => (k >= 0 ? k + 1 : k));
    return fc.uniqueArray(nonzero, { minLength: n, maxLength: n }).map((x) => ({
      shape: [c.batch, c.height, c.width, c.channels] as [number, number, number, number],
      filter: c.filter,
      strides: c.strides,
      pad: c.pad,
      x,
    }));
  });
