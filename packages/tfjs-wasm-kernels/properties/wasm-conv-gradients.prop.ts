// The wasm backend trains conv nets only through normprop's kernels (Conv2DBackpropFilter is missing
// there, Conv2DBackpropInput is replaced by a faster one). Both must agree with the cpu backend's
// reference kernels on any shape, kernel size, stride and padding, within the float32 bound for two
// dot products of that many terms summed in different orders (2 gamma(n) sum|x||y|, per element; the
// sums of |x||y| come from the cpu kernel run on the inputs' absolute values).
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { convCase, RESNET50_CONV_KINDS, type ConvCase } from '../../../src/arbitraries/conv-cases.js';
import { selectBackend } from '../../../src/backend/select.js';
import { dotProductTolerance, firstOverBound } from '../../../src/stats/float32-bounds.js';
import { assertProperty } from '../../../src/property-engine/assert.js';
import { seededValues } from '../../../src/stats/seeded-values.js';

const abs = (inputs: Record<string, [Float32Array, number[]]>) =>
  Object.fromEntries(Object.entries(inputs).map(([k, [v, s]]) => [k, [v.map(Math.abs), s]])) as Record<
    string,
    [Float32Array, number[]]
  >;

/** Every element of `ours` within the dot-product bound of `reference` for `terms` products summing to `absDots` in magnitude. */
function expectWithinBound(
  ours: ArrayLike<number>,
  reference: ArrayLike<number>,
  terms: number,
  absDots: ArrayLike<number>,
  what: string,
) {
  const over = firstOverBound(ours, reference, (i) => dotProductTolerance(terms, absDots[i]));
  expect(over, `${what}: an element beyond the float32 bound for ${terms} products`).toBeUndefined();
}

function shapesOf(c: ConvCase) {
  const xShape: [number, number, number, number] = [c.batch, c.height, c.width, c.inChannels];
  const filterShape: [number, number, number, number] = [c.kernelHeight, c.kernelWidth, c.inChannels, c.outChannels];
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, c.strides, 1, c.pad);
  return { xShape, filterShape, dyShape: info.outShape as [number, number, number, number] };
}

/** Runs one kernel on the named backend with freshly made inputs; returns its output values. */
async function runKernelOn(
  backend: string,
  kernel: string,
  inputs: Record<string, [Float32Array, number[]]>,
  attrs: object,
) {
  await tf.setBackend(backend);
  const tensors = Object.fromEntries(Object.entries(inputs).map(([k, [v, s]]) => [k, tf.tensor(v, s)]));
  const out = tf.engine().runKernel(kernel, tensors, attrs as tf.NamedAttrMap) as tf.Tensor;
  const values = out.dataSync().slice();
  tf.dispose([out, ...Object.values(tensors)]);
  return values;
}

describe('wasm conv training kernels agree with the cpu backend', () => {
  beforeAll(async () => {
    await selectBackend('wasm', { kernels: 'normprop' });
  });

  it('Conv2DBackpropFilter (missing in tfjs wasm) matches cpu within the float32 bound', async () => {
    await assertProperty(
      'Conv2DBackpropFilter wasm == cpu',
      fc.asyncProperty(convCase(), async (c) => {
        const { xShape, filterShape, dyShape } = shapesOf(c);
        const inputs = {
          x: [seededValues(tf.util.sizeFromShape(xShape), c.seed), xShape],
          dy: [seededValues(tf.util.sizeFromShape(dyShape), c.seed + 1), dyShape],
        } as Record<string, [Float32Array, number[]]>;
        const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape };
        const wasm = await runKernelOn('wasm', 'Conv2DBackpropFilter', inputs, attrs);
        const cpu = await runKernelOn('cpu', 'Conv2DBackpropFilter', inputs, attrs);
        // Each filter element sums x * dy over the batch and the output positions.
        const absDots = await runKernelOn('cpu', 'Conv2DBackpropFilter', abs(inputs), attrs);
        expectWithinBound(wasm, cpu, dyShape[0] * dyShape[1] * dyShape[2], absDots, 'dW');
      }),
      { numRuns: 150, examples: RESNET50_CONV_KINDS.map((c) => [c]) },
    );
  });

  it('Conv2DBackpropInput (on XNNPACK Conv2D) matches cpu within the float32 bound', async () => {
    await assertProperty(
      'Conv2DBackpropInput wasm == cpu',
      fc.asyncProperty(convCase(), async (c) => {
        const { xShape, filterShape, dyShape } = shapesOf(c);
        const inputs = {
          dy: [seededValues(tf.util.sizeFromShape(dyShape), c.seed), dyShape],
          filter: [seededValues(tf.util.sizeFromShape(filterShape), c.seed + 1), filterShape],
        } as Record<string, [Float32Array, number[]]>;
        const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: xShape };
        const wasm = await runKernelOn('wasm', 'Conv2DBackpropInput', inputs, attrs);
        const cpu = await runKernelOn('cpu', 'Conv2DBackpropInput', inputs, attrs);
        // Each input element sums dy * filter over at most the kernel's positions and the output channels.
        const absDots = await runKernelOn('cpu', 'Conv2DBackpropInput', abs(inputs), attrs);
        expectWithinBound(wasm, cpu, c.kernelHeight * c.kernelWidth * c.outChannels, absDots, 'dX');
      }),
      { numRuns: 150, examples: RESNET50_CONV_KINDS.map((c) => [c]) },
    );
  });

  it('the gradients of a conv layer (tf.grads) match cpu, and the kernels leak no tensor or wasm buffer', async () => {
    await assertProperty(
      'tf.grads(conv2d) wasm == cpu',
      fc.asyncProperty(convCase(), async (c) => {
        const { xShape, filterShape, dyShape } = shapesOf(c);
        const xv = seededValues(tf.util.sizeFromShape(xShape), c.seed);
        const wv = seededValues(tf.util.sizeFromShape(filterShape), c.seed + 1);
        const rv = seededValues(tf.util.sizeFromShape(dyShape), c.seed + 2);
        const gradsOn = async (backend: string) => {
          await tf.setBackend(backend);
          const tensorsBefore = tf.memory().numTensors;
          const dataBefore = tf.engine().backend.numDataIds();
          const [dx, dw] = tf.tidy(() => {
            const r = tf.tensor4d(rv, dyShape);
            const loss = (x: tf.Tensor, w: tf.Tensor) =>
              tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, c.strides, c.pad), r));
            return tf
              .grads(loss)([tf.tensor4d(xv, xShape), tf.tensor4d(wv, filterShape)])
              .map((g) => g.dataSync().slice());
          });
          expect(tf.memory().numTensors).toBe(tensorsBefore);
          expect(tf.engine().backend.numDataIds()).toBe(dataBefore);
          return { dx, dw };
        };
        const wasm = await gradsOn('wasm');
        const cpu = await gradsOn('cpu');
        // d loss / d x and d loss / d w are the two backprop kernels with dy = r.
        const absX = await runKernelOn(
          'cpu',
          'Conv2DBackpropInput',
          abs({ dy: [rv, dyShape], filter: [wv, filterShape] }),
          { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: xShape },
        );
        const absW = await runKernelOn('cpu', 'Conv2DBackpropFilter', abs({ x: [xv, xShape], dy: [rv, dyShape] }), {
          strides: c.strides,
          pad: c.pad,
          dataFormat: 'NHWC',
          filterShape,
        });
        expectWithinBound(wasm.dx, cpu.dx, c.kernelHeight * c.kernelWidth * c.outChannels, absX, 'dx');
        expectWithinBound(wasm.dw, cpu.dw, dyShape[0] * dyShape[1] * dyShape[2], absW, 'dw');
      }),
      { numRuns: 60, examples: RESNET50_CONV_KINDS.map((c) => [c]) },
    );
  });
});
