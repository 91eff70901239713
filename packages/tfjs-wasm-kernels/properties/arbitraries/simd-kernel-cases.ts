import fc from 'fast-check';

/**
 * Inputs for the SIMD-kernel checks (properties/simd-kernels.prop.ts): any float32 (NaN, infinities,
 * -0, subnormals, the largest finite values), sizes that reach both the SIMD body and the scalar tail,
 * and a start offset so that no kernel may rely on 16-byte alignment.
 */
export const anyFloat32 = fc.float();

/** Arrays start at these float offsets. */
const floatOffset = fc.integer({ min: 0, max: 7 });

const floats = (n: number, value: fc.Arbitrary<number> = anyFloat32) => fc.array(value, { minLength: n, maxLength: n });

export const sumLeadingCase = fc
  .record({ rows: fc.integer({ min: 1, max: 24 }), cols: fc.integer({ min: 1, max: 37 }) })
  .chain(({ rows, cols }) =>
    fc.record({
      rows: fc.constant(rows),
      cols: fc.constant(cols),
      values: floats(rows * cols),
      mean: fc.boolean(),
      offset: floatOffset,
    }),
  );

const unit = fc.double({ min: 0.5, max: 0.9999, noNaN: true });

/** Four arrays of n floats (value, m, v, g; v may be negative, so NaN from sqrt is compared too) and Adam's settings at step t. */
export const adamStepCase = fc.integer({ min: 0, max: 41 }).chain((n) =>
  fc.record({
    arrays: fc.tuple(floats(n), floats(n), floats(n), floats(n)),
    beta1: unit,
    beta2: unit,
    learningRate: fc.double({ min: 1e-6, max: 1, noNaN: true }),
    epsilon: fc.double({ min: 1e-10, max: 1e-3, noNaN: true }),
    t: fc.integer({ min: 1, max: 1000 }),
    offset: floatOffset,
  }),
);

export const transposeCase = fc
  .record({
    batches: fc.integer({ min: 1, max: 3 }),
    rows: fc.integer({ min: 1, max: 13 }),
    cols: fc.integer({ min: 1, max: 13 }),
    offset: floatOffset,
  })
  .chain((dims) => fc.record({ dims: fc.constant(dims), values: floats(dims.batches * dims.rows * dims.cols) }));

interface WindowBounds {
  batch: number;
  size: number;
  channels: number;
  window: number;
  pad: number;
}

/**
 * A window sliding over an NHWC input (the fields of src/backend/window-geometry.ts) with strides 1-3 and padding on every side (up to past the
 * window's reach, so whole output rows or columns may see only padding), and a start offset. The
 * window always fits the padded input, so shrinking keeps at least one output position.
 */
function windowCase(max: WindowBounds) {
  const upTo = (min: number, most: number) => fc.integer({ min, max: most });
  return fc
    .record({
      batch: upTo(1, max.batch),
      inHeight: upTo(1, max.size),
      inWidth: upTo(1, max.size),
      channels: upTo(1, max.channels),
      windowHeight: upTo(1, max.window),
      windowWidth: upTo(1, max.window),
      strideHeight: upTo(1, 3),
      strideWidth: upTo(1, 3),
      padTop: upTo(0, max.pad),
      padLeft: upTo(0, max.pad),
      padBottom: upTo(0, max.pad),
      padRight: upTo(0, max.pad),
      offset: floatOffset,
    })
    .filter(
      (r) =>
        r.inHeight + r.padTop + r.padBottom >= r.windowHeight && r.inWidth + r.padLeft + r.padRight >= r.windowWidth,
    )
    .map(({ padBottom, padRight, ...r }) => ({
      ...r,
      outHeight: Math.floor((r.inHeight + r.padTop + padBottom - r.windowHeight) / r.strideHeight) + 1,
      outWidth: Math.floor((r.inWidth + r.padLeft + padRight - r.windowWidth) / r.strideWidth) + 1,
    }));
}

/** A conv's filter taps over an input of any float32 values: the filter gradient's gather. */
export const gatherTapsCase = windowCase({ batch: 3, size: 9, channels: 4, window: 5, pad: 6 }).chain((geometry) =>
  fc.record({
    geometry: fc.constant(geometry),
    values: floats(geometry.channels * geometry.batch * geometry.inHeight * geometry.inWidth),
  }),
);

/** A max pool's input, with few distinct values often (ties, all-negative and NaN windows), and its output gradient. */
export const maxPoolGradCase = windowCase({ batch: 2, size: 8, channels: 5, window: 4, pad: 3 }).chain((geometry) => {
  const { batch, channels } = geometry;
  const value = fc.oneof(anyFloat32, fc.constantFrom(-1, 0, 1, -Infinity, Number.NaN));
  return fc.record({
    geometry: fc.constant(geometry),
    x: floats(batch * geometry.inHeight * geometry.inWidth * channels, value),
    dy: floats(batch * geometry.outHeight * geometry.outWidth * channels),
  });
});
