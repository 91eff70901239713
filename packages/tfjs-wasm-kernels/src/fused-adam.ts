import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, NamedAttrMap, NamedTensorMap, TensorInfo } from '@tensorflow/tfjs';
import type { AdamAttrs } from './adam-attrs.js';
import { simdKernelsOfBackend } from './simd-kernels.js';

export type { AdamAttrs };

/**
 * Adam as one kernel per variable: tfjs's Adam makes about a dozen passes over every weight (add, mul,
 * square, div, sqrt, assign), which on wasm costs more than half a second per ResNet50 step. This
 * kernel reads value, moments and gradient once and writes the three new tensors (never in place).
 * Same update and bias correction as tfjs's AdamOptimizer, which it extends (so saving works alike).
 */
export const ADAM_KERNEL = 'NormpropAdamStep';

/** The update in double, stored in float32; the wasm SIMD kernel (simd-kernels.wat) gives the same bits. */
export function adamStep(
  value: Float32Array,
  m: Float32Array,
  v: Float32Array,
  g: Float32Array,
  a: AdamAttrs,
  out: [Float32Array, Float32Array, Float32Array],
) {
  const [newValue, newM, newV] = out;
  const { beta1, beta2, epsilon, learningRate, oneMinusAccBeta1, oneMinusAccBeta2 } = a;
  for (let i = 0; i < value.length; i++) {
    const gi = g[i];
    const mi = beta1 * m[i] + (1 - beta1) * gi;
    const vi = beta2 * v[i] + (1 - beta2) * gi * gi;
    newM[i] = mi;
    newV[i] = vi;
    newValue[i] = value[i] - (learningRate * (mi / oneMinusAccBeta1)) / (Math.sqrt(vi / oneMinusAccBeta2) + epsilon);
  }
}

interface WasmLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}
interface CpuLike {
  data: { get(dataId: object): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

const wasmAdam = ({
  inputs,
  backend,
  attrs,
}: {
  inputs: Record<string, TensorInfo>;
  backend: WasmLike;
  attrs: AdamAttrs;
}) => {
  const { value, m, v, g } = inputs;
  const out = [value, value, value].map(() => backend.makeOutput(value.shape, 'float32')) as [
    TensorInfo,
    TensorInfo,
    TensorInfo,
  ];
  const read = (t: TensorInfo) => backend.typedArrayFromHeap(t);
  const simd = simdKernelsOfBackend(backend);
  if (simd) {
    const at = (t: TensorInfo) => read(t).byteOffset;
    simd.adamStep(
      { value: at(value), m: at(m), v: at(v), g: at(g), outValue: at(out[0]), outM: at(out[1]), outV: at(out[2]) },
      tf.util.sizeFromShape(value.shape),
      attrs,
    );
  } else {
    adamStep(
      read(value),
      read(m),
      read(v),
      read(g),
      attrs,
      out.map(read) as [Float32Array, Float32Array, Float32Array],
    );
  }
  return out;
};

const cpuAdam = ({
  inputs,
  backend,
  attrs,
}: {
  inputs: Record<string, TensorInfo>;
  backend: CpuLike;
  attrs: AdamAttrs;
}) => {
  const { value, m, v, g } = inputs;
  const read = (t: TensorInfo) => backend.data.get(t.dataId).values;
  const out: [Float32Array, Float32Array, Float32Array] = [0, 1, 2].map(
    () => new Float32Array(read(value).length),
  ) as never;
  adamStep(read(value), read(m), read(v), read(g), attrs, out);
  return out.map((values) => backend.makeTensorInfo(value.shape, 'float32', values));
};

let registered = false;
export function registerFusedAdamKernels(): void {
  if (registered) return;
  registered = true;
  tf.registerKernel({ kernelName: ADAM_KERNEL, backendName: 'wasm', kernelFunc: wasmAdam as unknown as KernelFunc });
  tf.registerKernel({ kernelName: ADAM_KERNEL, backendName: 'cpu', kernelFunc: cpuAdam as unknown as KernelFunc });
}

/** Removes the Adam kernels, so that `adam()` gives tfjs's own optimizer (the stock kernel set). */
export function unregisterFusedAdamKernels(): void {
  if (!registered) return;
  registered = false;
  tf.unregisterKernel(ADAM_KERNEL, 'wasm');
  tf.unregisterKernel(ADAM_KERNEL, 'cpu');
}

/** beta^t as tfjs accumulates it: a float32 product, rounded after every multiplication. */
function float32Power(beta: number, t: number): number {
  const b = Math.fround(beta);
  let acc = b;
  for (let i = 1; i < t; i++) acc = Math.fround(acc * b);
  return acc;
}

type Moment = { originalName: string; variable: tf.Variable };
type AdamInternals = {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Moment[];
  accumulatedSecondMoment: Moment[];
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  incrementIterations(): void;
};

export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    const self = this as unknown as AdamInternals;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    // tfjs keeps beta^t in float32 variables (accBeta1/2), multiplied by beta once a step; reading
    // them would be a synchronous read each step, so the same float32 products are formed here from
    // the iteration count (the variables are still updated, for saving).
    const t = (this as unknown as { iterations: number }).iterations + 1;
    const [accBeta1, accBeta2] = [float32Power(self.beta1, t), float32Power(self.beta2, t)];
    const attrs: AdamAttrs = {
      learningRate: self.learningRate,
      beta1: self.beta1,
      beta2: self.beta2,
      epsilon: self.epsilon,
      oneMinusAccBeta1: 1 - accBeta1,
      oneMinusAccBeta2: 1 - accBeta2,
    };
    tf.tidy(() => {
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name];
        if (self.accumulatedFirstMoment[i] == null)
          self.accumulatedFirstMoment[i] = {
            originalName: `${name}/m`,
            variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
          };
        if (self.accumulatedSecondMoment[i] == null)
          self.accumulatedSecondMoment[i] = {
            originalName: `${name}/v`,
            variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
          };
        const gradient = Array.isArray(variableGradients)
          ? variableGradients[i].tensor
          : (variableGradients as NamedTensorMap)[name];
        if (gradient == null) return;
        const m = self.accumulatedFirstMoment[i].variable;
        const v = self.accumulatedSecondMoment[i].variable;
        const [newValue, newM, newV] = tf
          .engine()
          .runKernel(ADAM_KERNEL, { value, m, v, g: gradient }, attrs as unknown as NamedAttrMap) as tf.Tensor[];
        m.assign(newM);
        v.assign(newV);
        value.assign(newValue);
      });
      self.accBeta1.assign(tf.mul(self.accBeta1, self.beta1));
      self.accBeta2.assign(tf.mul(self.accBeta2, self.beta2));
    });
    self.incrementIterations();
  }
}

/**
 * Adam for training: the fused one where normprop's kernel is installed (the normprop kernel set, on
 * wasm or cpu), tfjs's own elsewhere.
 */
export function adam(learningRate: number): tf.Optimizer {
  const fused = tf.getKernel(ADAM_KERNEL, tf.getBackend()) !== undefined;
  return fused ? new FusedAdamOptimizer(learningRate, 0.9, 0.999) : tf.train.adam(learningRate);
}
