// The webgpu slice, kernels: what normprop's training path runs (convolutions and their gradients,
// batch norm and normprop's lean gradient of it, Tile) must agree on webgpu with the cpu backend's
// reference kernels, within a relative error of 1e-4. Every read is asynchronous: webgpu in Node
// has no synchronous one. Skipped, with the reason printed, where there is no WebGPU adapter.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { webgpuBatchNormCase } from '../../src/arbitraries/batch-norm-cases.js';
import { convCase, RESNET50_CONV_KINDS } from '../../src/arbitraries/conv-cases.js';
import { webgpuTileCase } from '../../src/arbitraries/tile-cases.js';
import { maxRelativeError } from '../../src/stats/float32-bounds.js';
import { assertProperty } from '../../src/property-engine/assert.js';
import { seededValues } from '../../src/stats/seeded-values.js';
import { webgpuForSlice } from '../../src/testing/webgpu-slice.js';

const TOLERANCE = 1e-4;
// Made on (goldens) or checking (kernels) normprop's kernel set.
const webgpu = await webgpuForSlice('kernels', process.env, undefined, 'normprop');

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/** Runs `make` on a backend with fresh inputs and reads every output asynchronously. */
async function on(backend: string, make: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(make);
  const values = await Promise.all(outs.map(async (t) => (await t.data()) as Float32Array));
  tf.dispose(outs);
  return values;
}

async function expectSameOnBoth(make: () => tf.Tensor[], label: string) {
  const gpu = await on('webgpu', make);
  const cpu = await on('cpu', make);
  gpu.forEach((g, i) =>
    expect(maxRelativeError(g, cpu[i]), `${label}[${i}] webgpu vs cpu`).toBeLessThanOrEqual(TOLERANCE),
  );
}

describe.skipIf(!webgpu)('webgpu kernels agree with the cpu backend', () => {
  it('conv2d, and its gradients for input and filter (Conv2DBackpropInput/Filter), match cpu within 1e-4 on webgpu', async () => {
    await assertProperty(
      'webgpu conv2d and gradients == cpu',
      fc.asyncProperty(convCase({ maxBatch: 2, maxSize: 9, maxChannels: 4 }), async (c) => {
        const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
        const wShape: [number, number, number, number] = [c.kernelHeight, c.kernelWidth, c.inChannels, c.outChannels];
        const xv = seededValues(sizeOf(xShape), c.seed);
        const wv = seededValues(sizeOf(wShape), c.seed + 1);
        await expectSameOnBoth(() => {
          const x = tf.tensor4d(xv, xShape);
          const w = tf.tensor4d(wv, wShape);
          const y = tf.conv2d(x, w, c.strides, c.pad);
          const r = tf.tensor(seededValues(y.size, c.seed + 2), y.shape);
          const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
            tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.strides, c.pad), r)),
          )([x, w]);
          return [y, dx, dw];
        }, 'conv2d, dx, dw');
      }),
      { numRuns: 12, examples: RESNET50_CONV_KINDS.map((c) => [c]) },
    );
  });

  it("batch norm and normprop's lean gradient of it (every input) match cpu within 1e-4 on webgpu", async () => {
    await assertProperty(
      'webgpu batchNorm and gradient == cpu',
      fc.asyncProperty(webgpuBatchNormCase, async (c) => {
        const channels = c.shape[3];
        await expectSameOnBoth(() => {
          const x = tf.tensor4d(seededValues(sizeOf(c.shape), c.seed), c.shape);
          const mean = tf.tensor1d(seededValues(channels, c.seed + 1));
          const variance = tf.tensor1d(seededValues(channels, c.seed + 2).map((v) => Math.abs(v) + 0.1));
          const offset = tf.tensor1d(seededValues(channels, c.seed + 3));
          const scale = tf.tensor1d(seededValues(channels, c.seed + 4));
          const r = tf.tensor4d(seededValues(sizeOf(c.shape), c.seed + 5), c.shape);
          const f = (a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, o: tf.Tensor, s: tf.Tensor) =>
            tf.batchNorm(
              a as tf.Tensor4D,
              m as tf.Tensor1D,
              v as tf.Tensor1D,
              o as tf.Tensor1D,
              s as tf.Tensor1D,
              c.epsilon,
            );
          const grads = tf.grads((...args: tf.Tensor[]) =>
            tf.sum(tf.mul(f(args[0], args[1], args[2], args[3], args[4]), r)),
          )([x, mean, variance, offset, scale]);
          return [f(x, mean, variance, offset, scale), ...grads];
        }, 'batchNorm, d(x, mean, variance, offset, scale)');
      }),
      { numRuns: 12 },
    );
  });

  it('Tile and its gradient match cpu on webgpu (ranks 1-4)', async () => {
    await assertProperty(
      'webgpu Tile and gradient == cpu',
      fc.asyncProperty(webgpuTileCase, async (c) => {
        await expectSameOnBoth(() => {
          const x = tf.tensor(seededValues(sizeOf(c.shape), c.seed), c.shape);
          const y = tf.tile(x, c.reps);
          const r = tf.tensor(seededValues(y.size, c.seed + 1), y.shape);
          return [y, tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.tile(a, c.reps), r)))(x)];
        }, 'tile, dx');
      }),
      { numRuns: 20 },
    );
  });
});
