import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from './select.js';

describe('Identity (and a same-dtype Cast) on wasm share data instead of copying it', () => {
  beforeAll(async () => {
    await selectBackend('wasm', { kernels: 'normprop' });
  });

  it('a clone keeps its values when the original variable is assigned, and both release their memory', () => {
    const buffers = tf.engine().backend.numDataIds();
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const saved = v.clone();
    // The tensor1d, the variable and the clone all share one buffer (wasm's own Identity made a second).
    expect(tf.engine().backend.numDataIds()).toBe(buffers + 1);
    v.assign(tf.tensor1d([7, 8, 9]));
    expect(Array.from(saved.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync())).toEqual([7, 8, 9]);
    tf.dispose([saved, v]);
    tf.disposeVariables();
  });

  it('gradients through many saved tensors stay right and leave no buffer behind', () => {
    const buffers = tf.engine().backend.numDataIds();
    const tensors = tf.memory().numTensors;
    const g = tf.tidy(() => {
      const x = tf.tensor2d([
        [1, -2],
        [3, 4],
      ]);
      const f = (a: tf.Tensor) => tf.sum(tf.mul(tf.relu(a), tf.square(a)));
      return tf.grad(f)(x).arraySync();
    });
    expect(g).toEqual([
      [3, 0],
      [27, 48],
    ]);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
  });

  it('a Cast to the same dtype shares the buffer too; a Cast to another dtype still converts', () => {
    const buffers = tf.engine().backend.numDataIds();
    const x = tf.tensor1d([1.5, -2.25, 3]);
    const same = tf.cast(x, 'float32');
    expect(tf.engine().backend.numDataIds()).toBe(buffers + 1);
    const ints = tf.cast(x, 'int32');
    expect(tf.engine().backend.numDataIds()).toBe(buffers + 2);
    expect(Array.from(same.dataSync())).toEqual([1.5, -2.25, 3]);
    expect(Array.from(ints.dataSync())).toEqual([1, -2, 3]);
    expect(ints.dtype).toBe('int32');
    x.dispose();
    expect(Array.from(same.dataSync())).toEqual([1.5, -2.25, 3]);
    tf.dispose([same, ints]);
    expect(tf.engine().backend.numDataIds()).toBe(buffers);
  });
});
