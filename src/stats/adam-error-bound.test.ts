import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adamErrorBounds, type AdamRun } from './adam-error-bound.js';
import { firstOverBound } from './float32-bounds.js';
import { seededValues } from './seeded-values.js';

const f = Math.fround;

/** tfjs's AdamOptimizer op by op, every intermediate rounded to float32 as its kernels do. */
function float32Adam(run: AdamRun, epsilon = run.epsilon): Float32Array[] {
  const n = run.initial.length;
  const [w, m, v] = [Float32Array.from(run.initial), new Float32Array(n), new Float32Array(n)];
  const [b1, b2] = [f(run.beta1), f(run.beta2)];
  let [acc1, acc2] = [b1, b2];
  run.gradients.forEach((g, step) => {
    if (step > 0) [acc1, acc2] = [f(acc1 * b1), f(acc2 * b2)];
    const [c1, c2] = [f(1 - acc1), f(1 - acc2)];
    for (let i = 0; i < n; i++) {
      m[i] = f(f(m[i] * b1) + f(g[i] * f(1 - run.beta1)));
      v[i] = f(f(v[i] * b2) + f(f(g[i] * g[i]) * f(1 - run.beta2)));
      const denominator = f(f(Math.sqrt(f(v[i] / c2))) + f(epsilon));
      w[i] = f(f(f(f(m[i] / c1) / denominator) * f(-run.learningRate)) + w[i]);
    }
  });
  return [w, m, v];
}

const runArb = fc.record({
  size: fc.integer({ min: 1, max: 50 }),
  steps: fc.integer({ min: 1, max: 8 }),
  learningRate: fc.constantFrom(1e-3, 1e-2, 0.1),
  gradientScale: fc.constantFrom(1e-4, 1, 100),
  seed: fc.integer(),
});

interface RunCase {
  size: number;
  steps: number;
  learningRate: number;
  gradientScale: number;
  seed: number;
}

function runOf(c: RunCase): AdamRun {
  return {
    initial: seededValues(c.size, c.seed),
    gradients: Array.from({ length: c.steps }, (_, s) =>
      seededValues(c.size, c.seed * 31 + s).map((g) => g * c.gradientScale),
    ),
    learningRate: c.learningRate,
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-7,
  };
}

describe('the float32 error bound of Adam', () => {
  it('holds for an op-by-op float32 Adam against the exact run', () => {
    fc.assert(
      fc.property(runArb, (c) => {
        const run = runOf(c);
        const { exact, bound } = adamErrorBounds(run);
        const [w, m, v] = float32Adam(run);
        expect(firstOverBound(m, exact.m, (i) => bound.m[i])).toBeUndefined();
        expect(firstOverBound(v, exact.v, (i) => bound.v[i])).toBeUndefined();
        expect(firstOverBound(w, exact.value, (i) => bound.value[i])).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('is tight enough to catch an epsilon ten times too large', () => {
    // With gradients of 1e-4 the denominator is about 1e-4, so eps = 1e-6 instead of 1e-7 moves a step by ~1%.
    const run = runOf({ size: 20, steps: 3, learningRate: 0.1, gradientScale: 1e-4, seed: 5 });
    const { exact, bound } = adamErrorBounds(run);
    const [w] = float32Adam(run, 1e-6);
    expect(firstOverBound(w, exact.value, (i) => bound.value[i])).toBeDefined();
  });

  it('is a few hundred ulps at most where the bias correction is worst conditioned', () => {
    const run = runOf({ size: 50, steps: 1, learningRate: 0.1, gradientScale: 1, seed: 9 });
    const { exact, bound } = adamErrorBounds(run);
    const relative = Math.max(...bound.value.map((b, i) => b / Math.max(Math.abs(exact.value[i]), 0.1)));
    expect(relative).toBeLessThan(1e-4);
  });
});
