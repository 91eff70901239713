// normprop trains with a fused Adam kernel (one pass per weight). Several steps of it must leave the
// weights and both moments where tfjs's own AdamOptimizer leaves them, on wasm and on cpu.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FusedAdamOptimizer, registerFusedAdamKernels } from '../src/fused-adam.js';
import { adamCase } from './arbitraries/adam-cases.js';
import { selectBackend } from '../../../src/backend/select.js';
import { adamErrorBounds } from '../../../src/stats/adam-error-bound.js';
import { firstOverBound } from '../../../src/stats/float32-bounds.js';
import { assertProperty } from '../../../src/property-engine/assert.js';
import { seededValues } from '../../../src/stats/seeded-values.js';

let unique = 0;

describe('the fused Adam optimizer', () => {
  beforeAll(async () => {
    await selectBackend('wasm', { kernels: 'normprop' });
    registerFusedAdamKernels();
  });

  it('matches tfjs Adam step for step (weights and moments within the float32 error bound of the exact run), leaking no tensor', async () => {
    await assertProperty(
      'fused Adam == tfjs Adam',
      fc.asyncProperty(adamCase, async (c) => {
        await tf.setBackend(c.backend);
        const before = tf.memory().numTensors;
        const initial = c.sizes.map((n, i) => seededValues(n, c.seed + i));
        const gradients = c.sizes.map((n, i) =>
          Array.from({ length: c.steps }, (_, s) =>
            seededValues(n, c.seed * 31 + s * 7 + i).map((g) => g * c.gradientScale),
          ),
        );
        const run = (optimizer: tf.AdamOptimizer) => {
          const variables = initial.map((values) =>
            tf.tidy(() => tf.variable(tf.tensor1d(values), true, `adam-prop-${unique++}`)),
          );
          for (let s = 0; s < c.steps; s++) {
            const grads: tf.NamedTensorMap = {};
            variables.forEach((v, i) => (grads[v.name] = tf.tensor1d(gradients[i][s])));
            optimizer.applyGradients(grads as never);
            tf.dispose(Object.values(grads));
          }
          const internals = optimizer as unknown as {
            accumulatedFirstMoment: { variable: tf.Variable }[];
            accumulatedSecondMoment: { variable: tf.Variable }[];
          };
          const values = variables.map((v, i) => ({
            value: v.dataSync().slice(),
            m: internals.accumulatedFirstMoment[i].variable.dataSync().slice(),
            v: internals.accumulatedSecondMoment[i].variable.dataSync().slice(),
          }));
          tf.dispose(variables);
          optimizer.dispose();
          return values;
        };
        const fused = run(new FusedAdamOptimizer(c.learningRate, 0.9, 0.999));
        const stock = run(tf.train.adam(c.learningRate, 0.9, 0.999));
        // Both within float32's reach of the exact run (so within twice that of each other).
        c.sizes.forEach((_, i) => {
          const { exact, bound } = adamErrorBounds({
            initial: initial[i],
            gradients: gradients[i],
            learningRate: c.learningRate,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: tf.backend().epsilon(),
          });
          for (const [name, values] of [
            ['normprop', fused[i]],
            ['tfjs', stock[i]],
          ] as const) {
            for (const part of ['value', 'm', 'v'] as const) {
              const over = firstOverBound(values[part], exact[part], (j) => bound[part][j]);
              expect(
                over,
                `${name} Adam, variable ${i} ${part}[${over?.index}]: off the exact run by ${over?.diff}, float32 allows ${over?.bound}`,
              ).toBeUndefined();
            }
          }
        });
        expect(tf.memory().numTensors).toBe(before);
      }),
      { numRuns: 60 },
    );
  });
});
