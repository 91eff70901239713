// normprop trains with a fused Adam kernel (one pass per weight). Several steps of it must leave the
// weights and both moments where tfjs's own AdamOptimizer leaves them, on wasm and on cpu.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FusedAdamOptimizer, registerFusedAdamKernels } from '../src/backend/fused-adam.js';
import { adamCase } from '../src/arbitraries/adam-cases.js';
import { selectBackend } from '../src/backend/select.js';
import { maxRelativeError } from '../src/stats/float32-bounds.js';
import { assertProperty } from '../src/property-engine/assert.js';
import { seededValues } from '../src/stats/seeded-values.js';

let unique = 0;

describe('the fused Adam optimizer', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
    registerFusedAdamKernels();
  });

  it('matches tfjs Adam step for step (weights and moments within 1e-5), leaking no tensor', async () => {
    await assertProperty(
      'fused Adam == tfjs Adam',
      fc.asyncProperty(adamCase, async (c) => {
        await tf.setBackend(c.backend);
        const before = tf.memory().numTensors;
        const run = (optimizer: tf.AdamOptimizer) => {
          const variables = c.sizes.map((n, i) => tf.tidy(() => tf.variable(tf.tensor1d(seededValues(n, c.seed + i)), true, `adam-prop-${unique++}`)));
          for (let s = 0; s < c.steps; s++) {
            const grads: tf.NamedTensorMap = {};
            variables.forEach((v, i) => (grads[v.name] = tf.tensor1d(seededValues(c.sizes[i], c.seed * 31 + s * 7 + i).map((g) => g * c.gradientScale))));
            optimizer.applyGradients(grads as never);
            tf.dispose(Object.values(grads));
          }
          const internals = optimizer as unknown as { accumulatedFirstMoment: { variable: tf.Variable }[]; accumulatedSecondMoment: { variable: tf.Variable }[] };
          const values = [
            ...variables.map((v) => v.dataSync().slice()),
            ...internals.accumulatedFirstMoment.map((m) => m.variable.dataSync().slice()),
            ...internals.accumulatedSecondMoment.map((m) => m.variable.dataSync().slice()),
          ];
          tf.dispose(variables);
          optimizer.dispose();
          return values;
        };
        const fused = run(new FusedAdamOptimizer(c.learningRate, 0.9, 0.999));
        const stock = run(tf.train.adam(c.learningRate, 0.9, 0.999));
        fused.forEach((values, i) => expect(maxRelativeError(values, stock[i]), `tensor ${i}`).toBeLessThanOrEqual(1e-5));
        expect(tf.memory().numTensors).toBe(before);
      }),
      { numRuns: 60 },
    );
  });
});
