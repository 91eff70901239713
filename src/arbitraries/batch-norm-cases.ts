import fc from 'fast-check';

/**
 * Inputs of a batch-norm kernel and its gradient: a shape (channels last), an epsilon and a seed for
 * the values.
 */

/** Rank 4 or rank 2, with or without a scale, on wasm or cpu: normprop's lean gradient against tfjs's. */
export const batchNormGradientCase = fc.record({
  shape: fc.oneof(
    fc.tuple(
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 6 }),
    ),
    fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 6 })),
  ),
  withScale: fc.boolean(),
  epsilon: fc.constantFrom(1e-3, 1.001e-5, 0.5),
  seed: fc.integer(),
  backend: fc.constantFrom('wasm', 'cpu'),
});

/** Small rank-4 batches for the webgpu slice (webgpu against cpu). */
export const webgpuBatchNormCase = fc.record({
  shape: fc.tuple(
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 1, max: 5 }),
    fc.integer({ min: 1, max: 6 }),
  ),
  epsilon: fc.constantFrom(1e-3, 0.5),
  seed: fc.integer(),
});
