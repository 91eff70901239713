import fc from 'fast-check';

/** Small tensor shapes: rank 2 (batch >= 2, features) or rank 4 (NHWC), as BatchNorm and LayerNorm take them. */
export const rank2Or4Shape = fc.oneof(
  fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 5 })),
  fc.tuple(
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 4 }),
  ),
);
