import { FLOAT32_UNDERFLOW, FLOAT32_UNIT_ROUNDOFF as u, gamma } from './float32-bounds.js';

/**
 * How far a float32 Adam run can land from the exact one, element by element, so two Adam
 * implementations (tfjs's op-by-op one and normprop's fused kernel) are compared by what float32
 * allows for these very values, not by a fixed constant.
 *
 * Forward error analysis in the style of Higham ch. 3, first order in u (terms in u^2 are below
 * 1e-13 of the values and dropped). Per step, with the roundings tfjs's AdamOptimizer makes:
 * - m = b1 m + (1-b1) g: b1 and 1-b1 rounded to float32, two products, one sum: gamma(5) of
 *   b1|m| + (1-b1)|g|, plus the previous step's error times b1; v likewise with g^2: gamma(6).
 * - the bias corrections 1 - b^t use b^t as a float32 product of t factors (relative error
 *   gamma(t+1)); the subtraction amplifies it by b^t / (1 - b^t), which is what makes early steps
 *   with b2 = 0.999 the least accurate (about 1000 u at t = 1).
 * - the step lr (m/c1) / (sqrt(v/c2) + eps): the m error passes through as lr/c1/denominator, the
 *   relative errors of c1 and of v/c2 (halved by the square root) scale the step, and its own seven
 *   roundings (two divisions, sqrt, eps and its rounding, lr and the product) add gamma(8).
 * - value - step: one rounding.
 */
export interface AdamRun {
  initial: ArrayLike<number>;
  /** One gradient per step, each as long as `initial`. */
  gradients: ArrayLike<number>[];
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

export interface AdamErrorBounds {
  /** Exact (float64) values after the run. */
  exact: { value: Float64Array; m: Float64Array; v: Float64Array };
  /** Per element, how far a float32 implementation can be from `exact`. */
  bound: { value: Float64Array; m: Float64Array; v: Float64Array };
}

export function adamErrorBounds(run: AdamRun): AdamErrorBounds {
  const n = run.initial.length;
  const { learningRate: lr, beta1: b1, beta2: b2, epsilon: eps } = run;
  const exact = { value: Float64Array.from(run.initial), m: new Float64Array(n), v: new Float64Array(n) };
  const bound = { value: new Float64Array(n), m: new Float64Array(n), v: new Float64Array(n) };
  run.gradients.forEach((g, step) => {
    if (g.length !== n) throw new Error(`gradient ${step} has ${g.length} elements, the weights ${n}`);
    const t = step + 1;
    const [p1, p2] = [b1 ** t, b2 ** t];
    const [c1, c2] = [1 - p1, 1 - p2];
    const relC1 = (gamma(t + 1) * p1) / c1 + u;
    const relC2 = (gamma(t + 1) * p2) / c2 + u;
    for (let i = 0; i < n; i++) {
      const [m0, v0, w0, gi] = [exact.m[i], exact.v[i], exact.value[i], g[i]];
      const m = b1 * m0 + (1 - b1) * gi;
      const v = b2 * v0 + (1 - b2) * gi * gi;
      bound.m[i] = b1 * bound.m[i] + gamma(5) * (b1 * Math.abs(m0) + (1 - b1) * Math.abs(gi));
      // g^2 and its product with 1 - b2 may underflow: each adds at most FLOAT32_UNDERFLOW.
      bound.v[i] = b2 * bound.v[i] + gamma(6) * (b2 * v0 + (1 - b2) * gi * gi) + 2 * FLOAT32_UNDERFLOW;
      const s = Math.sqrt(v / c2);
      const denominator = s + eps;
      const update = (lr * (m / c1)) / denominator;
      const relV = v > 0 ? bound.v[i] / v + relC2 : 0;
      const updateError =
        (lr * bound.m[i]) / c1 / denominator + Math.abs(update) * (relC1 + ((relV / 2) * s) / denominator + gamma(8));
      const w = w0 - update;
      bound.value[i] += updateError + u * (Math.abs(w0) + Math.abs(update));
      [exact.m[i], exact.v[i], exact.value[i]] = [m, v, w];
    }
  });
  return { exact, bound };
}
