// normprop replaces tfjs's wasm MaxPoolGrad (its running max starts at FLT_MIN, so windows without a
// positive value misroute their gradient; see K-tfjs-wasm-maxpool-gradient). The replacement must
// give the cpu backend's gradient bit for bit, equal maxima and all-negative windows included, for
// any window, stride and padding, and leave no tensor or wasm buffer behind.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { poolCase, poolInput, RESNET50_POOL_CASES, type PoolCase } from '../../../src/arbitraries/pool-cases.js';
import { selectBackend } from '../../../src/backend/select.js';
import { assertProperty } from '../../../src/property-engine/assert.js';
import { firstInexact } from '../../../src/stats/float32-bounds.js';
import { seededValues } from '../../../src/stats/seeded-values.js';

const shapeOf = (c: PoolCase): [number, number, number, number] => [c.batch, c.height, c.width, c.channels];
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

function inputs(c: PoolCase) {
  const x = poolInput(c, seededValues(size(shapeOf(c)), c.seed));
  const outShape = tf.backend_util.computePool2DInfo(shapeOf(c), c.filter, c.strides, 1, c.pad).outShape;
  return { x, dy: seededValues(size(outShape), c.seed + 1) };
}

/** MaxPoolGrad run as a kernel on `backend`, with the pool's output from the same backend. */
async function kernelOn(backend: string, c: PoolCase) {
  await tf.setBackend(backend);
  const { x, dy } = inputs(c);
  const tensorsBefore = tf.memory().numTensors;
  const dataBefore = tf.engine().backend.numDataIds();
  const dx = tf.tidy(() => {
    const input = tf.tensor4d(x, shapeOf(c));
    const output = tf.maxPool(input, c.filter, c.strides, c.pad);
    const attrs = { filterSize: c.filter, strides: c.strides, pad: c.pad } as unknown as tf.NamedAttrMap;
    const grad = tf.engine().runKernel('MaxPoolGrad', { dy: tf.tensor(dy, output.shape), input, output }, attrs);
    return (grad as tf.Tensor).dataSync().slice();
  });
  expect(tf.memory().numTensors).toBe(tensorsBefore);
  expect(tf.engine().backend.numDataIds()).toBe(dataBefore);
  return dx;
}

/** d/dx of sum(maxPool(x) * dy) on `backend`: the path a training step takes. */
async function gradientOn(backend: string, c: PoolCase) {
  await tf.setBackend(backend);
  const { x, dy } = inputs(c);
  return tf.tidy(() => {
    const loss = (t: tf.Tensor) => {
      const y = tf.maxPool(t as tf.Tensor4D, c.filter, c.strides, c.pad);
      return tf.sum(tf.mul(y, tf.tensor(dy, y.shape)));
    };
    return tf
      .grad(loss)(tf.tensor4d(x, shapeOf(c)))
      .dataSync()
      .slice();
  });
}

describe("normprop's wasm MaxPoolGrad", () => {
  beforeAll(async () => {
    await selectBackend('wasm', { kernels: 'normprop' });
  });

  it("equals the cpu backend's kernel bit for bit, negative windows and ties included, leaking nothing", async () => {
    await assertProperty(
      'wasm MaxPoolGrad == cpu MaxPoolGrad',
      fc.asyncProperty(poolCase(), async (c) => {
        const wasm = await kernelOn('wasm', c);
        const cpu = await kernelOn('cpu', c);
        expect(firstInexact(wasm, cpu), 'first dx element unlike cpu').toBeUndefined();
      }),
      { numRuns: 200, examples: RESNET50_POOL_CASES.map((c) => [c]) },
    );
  });

  it("gives tf.grad(maxPool) the cpu backend's gradient bit for bit", async () => {
    await assertProperty(
      'tf.grad(maxPool) wasm == cpu',
      fc.asyncProperty(poolCase(), async (c) => {
        const wasm = await gradientOn('wasm', c);
        const cpu = await gradientOn('cpu', c);
        expect(firstInexact(wasm, cpu), 'first dx element unlike cpu').toBeUndefined();
      }),
      { numRuns: 60, examples: RESNET50_POOL_CASES.map((c) => [c]) },
    );
  });
});
