import * as tf from '@tensorflow/tfjs';
import type { LinearBnCase } from '../../arbitraries/linear-bn-cases.js';
import { seededValues } from '../../stats/seeded-values.js';

/**
 * A tfjs linear layer (dense or conv2d, 'valid' padding) followed by a tfjs BatchNormalization layer,
 * built and run for a generated case (src/arbitraries/linear-bn-cases.ts): the setting of Ioffe & Szegedy §3.1-3.3.
 */
export const inputShape = (c: LinearBnCase) => (c.kind === 'dense' ? [c.m, c.inC] : [c.m, c.size, c.size, c.inC]);
export const kernelShape = (c: LinearBnCase) =>
  c.kind === 'dense' ? [c.inC, c.outC] : [c.kernel, c.kernel, c.inC, c.outC];
const count = (shape: number[]) => shape.reduce((p, d) => p * d, 1);
/** Terms in one output's dot product (K) and values per BN channel (N). */
export const dotLength = (c: LinearBnCase) => c.inC * c.kernel * c.kernel;
export const perChannel = (c: LinearBnCase) => c.m * (c.size - c.kernel + 1) ** 2;
export const modelName = (c: LinearBnCase) =>
  c.kind === 'dense'
    ? `tfjs dense(${c.inC}->${c.outC}) + BatchNormalization`
    : `tfjs conv2d(${c.kernel}x${c.kernel}, ${c.inC}->${c.outC}, valid) + BatchNormalization`;

/** Seeded contents: input u, kernel W, BN gamma (kept away from 0) and beta, loss weights R. */
export function caseValues(c: LinearBnCase) {
  const u = seededValues(count(inputShape(c)), c.seed);
  const w = seededValues(count(kernelShape(c)), c.seed + 1);
  const gamma = seededValues(c.outC, c.seed + 2).map((v) => v + 1.5 * Math.sign(v || 1));
  const beta = seededValues(c.outC, c.seed + 3);
  return { u, w, gamma, beta };
}

export function makeLinear(c: LinearBnCase, kernel: Float32Array, bias?: Float32Array): tf.layers.Layer {
  const layer =
    c.kind === 'dense'
      ? tf.layers.dense({ units: c.outC, useBias: !!bias })
      : tf.layers.conv2d({ filters: c.outC, kernelSize: c.kernel, padding: 'valid', useBias: !!bias });
  layer.build(inputShape(c));
  // setWeights copies into the layer's variables: the tensors handed to it are ours to dispose.
  tf.tidy(() =>
    layer.setWeights(
      bias ? [tf.tensor(kernel, kernelShape(c)), tf.tensor1d(bias)] : [tf.tensor(kernel, kernelShape(c))],
    ),
  );
  return layer;
}

export function makeBn(
  c: LinearBnCase,
  gamma: Float32Array,
  beta: Float32Array,
  moving?: { mean: Float32Array; variance: Float32Array },
): tf.layers.Layer {
  const bn = tf.layers.batchNormalization({ axis: -1 });
  bn.build(c.kind === 'dense' ? [c.m, c.outC] : [c.m, c.size - c.kernel + 1, c.size - c.kernel + 1, c.outC]);
  tf.tidy(() => {
    const [, , mm, mv] = bn.getWeights();
    bn.setWeights([
      tf.tensor1d(gamma),
      tf.tensor1d(beta),
      moving ? tf.tensor1d(moving.mean) : mm,
      moving ? tf.tensor1d(moving.variance) : mv,
    ]);
  });
  return bn;
}

export interface TrainingPass {
  /** BN output (training mode), its input x = linear(u), and the gradients of sum(R * out). */
  out: Float32Array;
  x: Float32Array;
  gradU: Float32Array;
  gradKernel: Float32Array;
  gradBias?: Float32Array;
}

/** One training-mode pass of linear -> BN on u, with the gradients of the loss sum(R * out). */
export function trainingPass(
  c: LinearBnCase,
  u: Float32Array,
  kernel: Float32Array,
  bn: { gamma: Float32Array; beta: Float32Array },
  r: Float32Array,
  bias?: Float32Array,
): TrainingPass {
  const linear = makeLinear(c, kernel, bias);
  const norm = makeBn(c, bn.gamma, bn.beta);
  let pass: TrainingPass | undefined;
  try {
    tf.tidy(() => {
      const input = tf.variable(tf.tensor(u, inputShape(c)));
      const x = linear.apply(input) as tf.Tensor;
      const out = norm.apply(x, { training: true }) as tf.Tensor;
      const weights = linear.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.mul(norm.apply(linear.apply(input), { training: true }) as tf.Tensor, tf.tensor(r, out.shape))),
        [input, ...weights],
      );
      pass = {
        out: out.dataSync() as Float32Array,
        x: x.dataSync() as Float32Array,
        gradU: grads[input.name].dataSync() as Float32Array,
        gradKernel: grads[weights[0].name].dataSync() as Float32Array,
        ...(bias ? { gradBias: grads[weights[1].name].dataSync() as Float32Array } : {}),
      };
      input.dispose();
    });
    return pass!;
  } finally {
    for (const v of [...linear.weights, ...norm.weights]) v.dispose();
  }
}

/** sum_j |W_ij| |u_j| per output, via the same op on absolute values: the magnitude a dot product's rounding scales with. */
export function absoluteProducts(c: LinearBnCase, u: Float32Array, kernel: Float32Array): Float32Array {
  return tf.tidy(() => {
    const au = tf.abs(tf.tensor(u, inputShape(c)));
    const aw = tf.abs(tf.tensor(kernel, kernelShape(c)));
    return (
      c.kind === 'dense'
        ? tf.matMul(au as tf.Tensor2D, aw as tf.Tensor2D)
        : tf.conv2d(au as tf.Tensor4D, aw as tf.Tensor4D, 1, 'valid')
    ).dataSync() as Float32Array;
  });
}

/** Per-channel biased variance of x (channels last), in float64. */
export function channelVariances(x: ArrayLike<number>, channels: number): number[] {
  const n = x.length / channels;
  return Array.from({ length: channels }, (_, ch) => {
    let s = 0;
    for (let i = ch; i < x.length; i += channels) s += x[i];
    const mean = s / n;
    let q = 0;
    for (let i = ch; i < x.length; i += channels) q += (x[i] - mean) ** 2;
    return q / n;
  });
}

/** max over input channels of sum |W| over the kernel window and outputs: how many weighted dx terms reach one input. */
export function kernelAbsSumPerInput(c: LinearBnCase, kernel: Float32Array): number {
  const sums = new Array<number>(c.inC).fill(0);
  // Kernel layout is [..., inC, outC] for both dense and conv.
  for (let i = 0; i < kernel.length; i++) sums[Math.floor(i / c.outC) % c.inC] += Math.abs(kernel[i]);
  return Math.max(...sums);
}
