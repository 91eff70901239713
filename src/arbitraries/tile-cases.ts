import fc from 'fast-check';

/** Inputs of tf.tile: a shape, the reps per axis, and a seed for the values. */

/** Ranks 1-4 (what tfjs's Tile gradient supports), on wasm or cpu: normprop's gradient against tfjs's. */
export const tileGradientCase = fc.integer({ min: 1, max: 4 }).chain((rank) =>
  fc.record({
    shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: rank, maxLength: rank }),
    reps: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: rank, maxLength: rank }),
    seed: fc.integer(),
    backend: fc.constantFrom('wasm', 'cpu'),
  }),
);

/** Ranks 1-5, empty axes included, float32 or int32: wasm's block-copy kernel against cpu's. */
export const tileKernelCase = fc.integer({ min: 1, max: 5 }).chain((rank) =>
  fc.record({
    shape: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: rank, maxLength: rank }),
    reps: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: rank, maxLength: rank }),
    seed: fc.integer(),
    dtype: fc.constantFrom('float32' as const, 'int32' as const),
  }),
);

/** Ranks 1-4, fewer reps: the webgpu slice (webgpu against cpu). */
export const webgpuTileCase = fc.integer({ min: 1, max: 4 }).chain((rank) =>
  fc.record({
    shape: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: rank, maxLength: rank }),
    reps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: rank, maxLength: rank }),
    seed: fc.integer(),
  }),
);
