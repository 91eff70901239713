/** Largest absolute difference divided by the largest magnitude of the reference (0 when both are all zero). */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length)
    throw new Error(`length ${actual.length} differs from the reference's ${expected.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    if (Number.isNaN(actual[i]) !== Number.isNaN(expected[i])) return Infinity;
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return scale === 0 ? diff : diff / scale;
}

/** float32's unit roundoff: half the gap between 1 and the next float32. */
export const FLOAT32_UNIT_ROUNDOFF = 2 ** -24;

/** Higham's gamma(n) = n u / (1 - n u): the relative error of n float32 roundings in a row. */
export function gamma(n: number): number {
  const nu = n * FLOAT32_UNIT_ROUNDOFF;
  if (nu >= 1) throw new RangeError(`gamma(${n}): n u >= 1, no float32 bound`);
  return nu / (1 - nu);
}

/**
 * How far two float32 sums of the same n terms, added in different orders, can differ: each is within
 * gamma(n-1) * sum|terms| of the exact sum (recursive summation, Higham, Accuracy and Stability of
 * Numerical Algorithms, eq. 4.4), gamma(k) = k u / (1 - k u), so together within twice that.
 */
export function summationOrderTolerance(terms: number, absSum: number): number {
  const k = Math.max(0, terms - 1) * FLOAT32_UNIT_ROUNDOFF;
  return (2 * k * absSum) / (1 - k);
}

/** The element where |actual - expected| exceeds its own bound the most, or undefined when none does. */
export function firstOverBound(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  bound: (i: number) => number,
): { index: number; diff: number; bound: number } | undefined {
  if (actual.length !== expected.length)
    throw new Error(`length ${actual.length} differs from the reference's ${expected.length}`);
  let worst: { index: number; diff: number; bound: number } | undefined;
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    const b = bound(i);
    if (!(diff <= b) && (!worst || diff - b > worst.diff - worst.bound)) worst = { index: i, diff, bound: b };
  }
  return worst;
}

/**
 * How far two float32 dot products of the same n products can differ, whatever their order (and with
 * or without fused multiply-adds): each is within gamma(n) * sum|x_i y_i| of the exact value (Higham
 * eq. 3.5), so together within twice that. `absDot` is sum |x_i| |y_i|.
 */
export function dotProductTolerance(terms: number, absDot: number): number {
  const k = terms * FLOAT32_UNIT_ROUNDOFF;
  return (2 * k * absDot) / (1 - k);
}

/**
 * Half the smallest float32 subnormal: the absolute error a rounding may add when its result
 * underflows (Higham eq. 2.8: fl(x op y) = (x op y)(1 + d) + e, |e| <= this). Additions that
 * underflow are exact; products and quotients are not.
 */
export const FLOAT32_UNDERFLOW = 2 ** -150;

/**
 * How far a float32 mean of n terms can be from the exact mean of the same terms: n-1 additions and
 * a division (or a product with a rounded 1/n) give gamma(n+1) * sum|terms| / n (Higham eq. 4.4),
 * plus the absolute error of the final scaling should it underflow (stress runs found a mean of
 * [0, 2.1e-44] off by a subnormal step without it).
 */
export function meanError(terms: number, absSum: number): number {
  return terms === 0 ? 0 : (gamma(terms + 1) * absSum) / terms + 2 * FLOAT32_UNDERFLOW;
}

/**
 * How far Keras' categorical crossentropy with one-hot labels, computed in float32 and averaged over
 * `rows`, can be from its exact value. Per row: the probabilities are divided by their sum (relative
 * error gamma(C)), which the logarithm turns into an absolute error of the same size; the logarithm
 * rounds (within 2u of its value); the class sum of one nonzero term adds gamma(C-1) of it. So a row
 * is within gamma(C+1) (1 + |loss|), and the mean adds gamma(rows+1) of the mean |loss|.
 */
export function crossEntropyMeanError(rows: number, classes: number, meanAbsRowLoss: number): number {
  return gamma(rows + 1) * meanAbsRowLoss + gamma(classes + 1) * (1 + meanAbsRowLoss);
}

/**
 * The first index where `actual` is not `expected` exactly (Object.is: -0 is not 0, NaN is NaN), or
 * undefined: for kernels that promise the reference's very values, not values within a bound.
 */
export function firstInexact(actual: ArrayLike<number>, expected: ArrayLike<number>): number | undefined {
  if (actual.length !== expected.length)
    throw new Error(`length ${actual.length} differs from the reference's ${expected.length}`);
  for (let i = 0; i < expected.length; i++) if (!Object.is(actual[i], expected[i])) return i;
  return undefined;
}
