import * as tf from '@tensorflow/tfjs';
import { groupStatistics } from '../norm/reference.js';

/** How a BN layer is made; a property can swap in another (e.g. a deliberately broken one). */
export type BatchNormMaker = (config: { momentum?: number; epsilon?: number }) => tf.layers.Layer;

export const tfjsBatchNorm: BatchNormMaker = (config) => tf.layers.batchNormalization({ axis: -1, ...config });

export interface BnLayerTraceInput {
  /** NHWC (or NC) values and shape; the last axis is the channel. */
  values: Float32Array;
  shape: number[];
  momentum?: number;
  epsilon?: number;
  /** Training-mode calls (moving-statistics updates) to make, all on the same batch. */
  updates: number;
  /** Per-channel gamma and beta to set (defaults: the layer's own init, 1 and 0). */
  gamma?: Float32Array;
  beta?: Float32Array;
}

export interface BnLayerTrace {
  momentum: number;
  epsilon: number;
  initialMovingMean: number[];
  initialMovingVariance: number[];
  /** Inference-mode output before any update. */
  inferenceBefore: Float32Array;
  /** Training-mode output (the first update's call). */
  training: Float32Array;
  /** Moving statistics after each update: [update][channel]. */
  movingMean: number[][];
  movingVariance: number[][];
  /** Inference-mode output after all updates. */
  inferenceAfter: Float32Array;
}

/** Drives one real BN layer: inference, then `updates` training-mode calls, then inference again. */
export function traceBnLayer(input: BnLayerTraceInput, make: BatchNormMaker = tfjsBatchNorm): BnLayerTrace {
  const layer = make({ momentum: input.momentum, epsilon: input.epsilon });
  return tf.tidy(() => {
    const x = tf.tensor(input.values, input.shape);
    layer.build(x.shape);
    const weights = layer.getWeights();
    const names = layer.weights.map((w) => w.originalName.split('/').pop());
    const set = (name: string, values: Float32Array) => {
      const i = names.indexOf(name);
      if (i < 0) throw new Error(`layer has no ${name} weight`);
      weights[i] = tf.tensor1d(values);
    };
    if (input.gamma) set('gamma', input.gamma);
    if (input.beta) set('beta', input.beta);
    layer.setWeights(weights);
    const stat = (name: string) => Array.from(layer.getWeights()[names.indexOf(name)].dataSync());
    const config = layer.getConfig() as { momentum: number; epsilon: number };
    const initialMovingMean = stat('moving_mean');
    const initialMovingVariance = stat('moving_variance');
    const inferenceBefore = (layer.apply(x, { training: false }) as tf.Tensor).dataSync() as Float32Array;
    let training: Float32Array = new Float32Array();
    const movingMean: number[][] = [];
    const movingVariance: number[][] = [];
    for (let k = 0; k < input.updates; k++) {
      const out = layer.apply(x, { training: true }) as tf.Tensor;
      if (k === 0) training = out.dataSync() as Float32Array;
      movingMean.push(stat('moving_mean'));
      movingVariance.push(stat('moving_variance'));
    }
    const inferenceAfter = (layer.apply(x, { training: false }) as tf.Tensor).dataSync() as Float32Array;
    // An eagerly applied layer cannot be dispose()d (tfjs: "not used yet"); its variables can.
    for (const variable of layer.weights) variable.dispose();
    return { momentum: config.momentum, epsilon: config.epsilon, initialMovingMean, initialMovingVariance, inferenceBefore, training, movingMean, movingVariance, inferenceAfter };
  });
}

/** Per-channel mean and (biased and unbiased) variance of channel-last values, in float64: BatchNorm's statistics groups. */
export function channelStatistics(values: Float32Array, channels: number) {
  const groups = { ofElement: Int32Array.from({ length: values.length }, (_, i) => i % channels), count: channels };
  const { size, mean, variance } = groupStatistics(values, groups);
  const count = size[0];
  return {
    count,
    mean,
    biasedVariance: variance,
    unbiasedVariance: variance.map((v) => (count > 1 ? (v * count) / (count - 1) : NaN)),
  };
}
