import fc from 'fast-check';

/** Optimizer runs for the fused Adam check: variable sizes, steps, rate, gradient scale, a seed, the backend. */
export const adamCase = fc.record({
  sizes: fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 3 }),
  steps: fc.integer({ min: 1, max: 6 }),
  learningRate: fc.constantFrom(1e-3, 1e-2, 0.1),
  gradientScale: fc.constantFrom(1e-4, 1, 100),
  seed: fc.integer(),
  backend: fc.constantFrom('wasm', 'cpu'),
});
