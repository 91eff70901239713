// tfjs bugs normprop has met, each checked until tfjs fixes it: the property states the behaviour we
// want, and the ledger's verdict is 'known bug' while it fails with the bug's symptom, 'fixed
// upstream' (failing the suite, so the entry goes) once it passes, and 'error'/'regressed' if it
// fails some other way.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { stockBatchNormGradient, stockWasmKernel } from '@normprop/tfjs-wasm-kernels';
import { poolValuesCase, type PoolValuesCase } from '../src/arbitraries/pool-cases.js';
import { rank2Or4Shape } from '../src/arbitraries/tensor-shapes.js';
import { selectBackend } from '../src/backend/select.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import { seededValues } from '../src/stats/seeded-values.js';
import { ClaimViolation } from '../src/harness-error.js';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

interface Window {
  where: string;
  values: number[];
  /** The input offset of the window's max. */
  argmax: number;
  /** Whether the window holds the input's first element (offset 0). */
  holdsFirst: boolean;
}

/** The pool's windows whose values are all negative. */
function allNegativeWindows(c: PoolValuesCase): Window[] {
  const info = tf.backend_util.computePool2DInfo(c.shape, c.filter, c.strides, 1, c.pad);
  const [batch, height, width, channels] = c.shape;
  const found: Window[] = [];
  for (let b = 0; b < batch; b++)
    for (let oh = 0; oh < info.outHeight; oh++)
      for (let ow = 0; ow < info.outWidth; ow++)
        for (let ch = 0; ch < channels; ch++) {
          const top = oh * info.strideHeight - info.padInfo.top;
          const left = ow * info.strideWidth - info.padInfo.left;
          const [h0, h1] = [Math.max(0, top), Math.min(height, top + info.filterHeight)];
          const [w0, w1] = [Math.max(0, left), Math.min(width, left + info.filterWidth)];
          const offsets: number[] = [];
          for (let h = h0; h < h1; h++)
            for (let w = w0; w < w1; w++) offsets.push(((b * height + h) * width + w) * channels + ch);
          const values = offsets.map((o) => c.x[o]);
          if (values.every((v) => v < 0))
            found.push({
              where: `batch ${b}, rows ${h0}-${h1 - 1}, cols ${w0}-${w1 - 1}, channel ${ch}`,
              values,
              argmax: offsets[values.indexOf(Math.max(...values))],
              holdsFirst: offsets[0] === 0,
            });
        }
  return found;
}

// On wasm whatever NORMPROP_BACKEND says: one of these bugs is the wasm backend's own, and the rows record it.
beforeAll(async () => {
  await selectBackend('wasm');
});

describe('known tfjs bugs (checked until tfjs fixes them)', () => {
  it('layerNormalization({center: false, scale: false}) has an input gradient', async () => {
    const property = fc.property(rank2Or4Shape, fc.integer(), (shape, seed) => {
      tf.tidy(() => {
        const layer = tf.layers.layerNormalization({ center: false, scale: false });
        const x = tf.tensor(seededValues(size(shape), seed), shape);
        tf.grad((t: tf.Tensor) => (layer.apply(t) as tf.Tensor).sum())(x).dataSync();
      });
    });
    assertExpectedVerdict(
      await checkClaim('K-tfjs-layernorm-no-affine-gradient', 'input gradient', property, {
        numRuns: 5,
        minRuns: 5,
        failures: false,
      }),
    );
  });

  it("tfjs's FusedBatchNorm gradient works for a rank-2 input with per-channel statistics", async () => {
    const stock = stockBatchNormGradient();
    const property = fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer(),
      (n, c, seed) => {
        tf.tidy(() => {
          const x = tf.tensor2d(seededValues(n * c, seed), [n, c]);
          const [mean, variance, scale] = [tf.zeros([c]), tf.ones([c]), tf.ones([c])];
          const grads = stock.gradFunc(tf.ones([n, c]), [x, mean, variance, scale], { varianceEpsilon: 1e-3 });
          for (const input of ['x', 'mean', 'variance', 'scale', 'offset']) grads[input]().dataSync();
        });
      },
    );
    assertExpectedVerdict(
      await checkClaim('K-tfjs-fused-batchnorm-rank2-gradient', 'tfjs gradient, rank 2', property, {
        numRuns: 5,
        minRuns: 5,
        failures: false,
      }),
    );
  });

  it("tfjs's wasm MaxPoolGrad routes each window's gradient to the window's max, as the cpu backend does", async () => {
    const stock = stockWasmKernel('MaxPoolGrad');
    // dy = 1 everywhere: each dx element counts the windows whose gradient reached it.
    const gradientOn = async (backend: 'wasm' | 'cpu', c: PoolValuesCase) => {
      await tf.setBackend(backend);
      const input = tf.tensor4d(c.x, c.shape);
      const output = tf.maxPool(input, c.filter, c.strides, c.pad);
      const dy = tf.onesLike(output);
      const attrs = { filterSize: c.filter, strides: c.strides, pad: c.pad };
      let dx: number[];
      if (backend === 'wasm') {
        const out = stock({ inputs: { dy, input, output }, backend: tf.backend() as never, attrs });
        dx = Array.from(tf.backend().readSync(out.dataId) as Float32Array);
        tf.backend().disposeData(out.dataId);
      } else {
        const out = tf.engine().runKernel('MaxPoolGrad', { dy, input, output }, attrs) as tf.Tensor;
        dx = Array.from(out.dataSync());
        out.dispose();
      }
      tf.dispose([input, output, dy]);
      return dx;
    };
    const property = fc.asyncProperty(poolValuesCase, async (c) => {
      const wasm = await gradientOn('wasm', c);
      const cpu = await gradientOn('cpu', c);
      await tf.setBackend('wasm');
      if (wasm.every((v, i) => v === cpu[i])) return;
      // The bug's mechanism: tfjs's running max starts at FLT_MIN at offset 0, so an all-negative window's
      // gradient goes to x[0], which gets it only if the window holds x[0]; anywhere else it is lost.
      const negative = allNegativeWindows(c);
      const predicted = [...cpu];
      for (const w of negative) {
        predicted[w.argmax] -= 1;
        if (w.holdsFirst) predicted[0] += 1;
      }
      const explained = negative.length > 0 && wasm.every((v, i) => v === predicted[i]);
      throw new ClaimViolation(
        explained
          ? `tfjs's wasm dx ${JSON.stringify(wasm)} is cpu's ${JSON.stringify(cpu)} with the gradient of the ${negative.length} window(s) whose values are all negative sent to x[0] (lost unless the window holds x[0]) instead of the window's max (first: ${negative[0].where}, values ${JSON.stringify(negative[0].values)})`
          : `tfjs's wasm dx ${JSON.stringify(wasm)} differs from cpu's ${JSON.stringify(cpu)}, not only by all-negative windows`,
      );
    });
    assertExpectedVerdict(
      await checkClaim('K-tfjs-wasm-maxpool-gradient', 'tfjs wasm kernel', property, {
        numRuns: 50,
        minRuns: 50,
        failures: false,
      }),
    );
  });
});
