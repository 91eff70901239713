/**
 * Forward error bounds for float32 arithmetic (Higham, "Accuracy and Stability of Numerical Algorithms",
 * §3.1): a sum or dot product of n terms computed in float32 is within gamma(n) * sum |terms| of the exact
 * value, with gamma(n) = n u / (1 - n u) and u = 2^-24. Tolerances in the paper properties are such a
 * gamma times the magnitudes the computation went through, never a fixed constant.
 */
import { HarnessError } from '../../harness-error.js';
export const UNIT_ROUNDOFF = 2 ** -24;

export function gamma(n: number): number {
  const nu = n * UNIT_ROUNDOFF;
  if (nu >= 1) throw new RangeError(`gamma(${n}): n u >= 1, no float32 bound`);
  return nu / (1 - nu);
}

export const maxAbs = (values: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
};

/** Largest |a_i - b_i|, Infinity when one is NaN and the other not. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, scaleB = 1): number {
  if (a.length !== b.length) throw new HarnessError(`length ${a.length} differs from ${b.length}`);
  let d = 0;
  for (let i = 0; i < a.length; i++) {
    const diff = Math.abs(a[i] - scaleB * b[i]);
    if (Number.isNaN(diff)) return Infinity;
    d = Math.max(d, diff);
  }
  return d;
}
