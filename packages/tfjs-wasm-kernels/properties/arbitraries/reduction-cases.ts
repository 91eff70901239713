import fc from 'fast-check';
import { rank2Or4Shape } from '../../../../src/arbitraries/tensor-shapes.js';

/**
 * Sum and Mean for wasm's reduction kernels: a shape, the axes reduced, keepDims, the dtype, and a
 * seed for the values. Mostly a leading run of axes (the transpose-free kernel: BatchNorm's moments
 * over [N] of rank 2 and [N, H, W] of rank 4 among them), sometimes any other axes (tfjs's kernel).
 * Every axis has at least one element, so shrinking keeps a real reduction.
 */
export interface ReductionCase {
  op: 'Sum' | 'Mean';
  shape: number[];
  axis: number[];
  keepDims: boolean;
  dtype: 'float32' | 'int32';
  seed: number;
}

const anyShape = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 });

/** BatchNorm's axes: all but the last. */
const batchNormAxes = rank2Or4Shape.map((s) => ({ shape: [...s], axis: s.slice(0, -1).map((_, i) => i) }));

/** A leading run 0..k-1, k from 1 to the rank (the whole tensor too); negative spellings sometimes. */
const leadingAxes = anyShape.chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    axis: fc
      .tuple(fc.integer({ min: 1, max: shape.length }), fc.boolean())
      .map(([k, negative]) => Array.from({ length: k }, (_, i) => (negative ? i - shape.length : i))),
  }),
);

/** Any nonempty set of axes, in any order. */
const otherAxes = anyShape.chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    axis: fc.shuffledSubarray(
      shape.map((_, i) => i),
      { minLength: 1 },
    ),
  }),
);

export const reductionCase: fc.Arbitrary<ReductionCase> = fc
  .record({
    op: fc.constantFrom<ReductionCase['op']>('Sum', 'Mean'),
    axes: fc.oneof({ arbitrary: batchNormAxes, weight: 2 }, { arbitrary: leadingAxes, weight: 2 }, otherAxes),
    keepDims: fc.boolean(),
    dtype: fc.oneof(
      { arbitrary: fc.constant<'float32'>('float32'), weight: 4 },
      { arbitrary: fc.constant<'int32'>('int32'), weight: 1 },
    ),
    seed: fc.integer(),
  })
  .map(({ axes, ...c }) => ({ ...c, ...axes }));

/** ResNet50's BatchNorm moments at small sizes (axes [0, 1, 2] of NHWC, and [0] of rank 2): tried first. */
export const BATCH_NORM_REDUCTIONS: ReductionCase[] = [
  { op: 'Mean', shape: [3, 9, 9, 8], axis: [0, 1, 2], keepDims: true, dtype: 'float32', seed: 1 },
  { op: 'Sum', shape: [3, 5, 5, 16], axis: [0, 1, 2], keepDims: false, dtype: 'float32', seed: 2 },
  { op: 'Mean', shape: [6, 10], axis: [0], keepDims: false, dtype: 'float32', seed: 3 },
];
