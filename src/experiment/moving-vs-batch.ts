import * as tf from '@tensorflow/tfjs';

/**
 * How far a BN layer's moving statistics are from the batch statistics training mode uses, without an
 * extra forward pass: tfjs updates moving = moving - (moving - batch) * (1 - m) in every training step,
 * so the batch statistics of a step follow exactly from the moving statistics before and after it.
 * The batch statistics of step t are those of the weights after step t - 1, i.e. what predict() after
 * epoch t - 1 would have needed; the gap measured at step t is the gap that predict() suffered.
 */

export interface MovingStats {
  mean: Float32Array;
  variance: Float32Array;
}

/** The gap of one layer, in units the normalization itself uses. */
export interface StatsGap {
  /** Root mean square over channels of (moving mean - batch mean) / sqrt(batch variance + epsilon). */
  meanShift: number;
  /** Geometric mean over channels of sqrt((moving variance + epsilon) / (batch variance + epsilon)); 1 is no gap. */
  stdRatio: number;
}

interface BatchNormLike {
  name: string;
  weights: tf.LayerVariable[];
  getConfig(): tf.serialization.ConfigDict;
}

const isBatchNorm = (layer: tf.layers.Layer) => layer.getClassName() === 'BatchNormalization';

/** The first, middle and last BatchNormalization layers of a model, by name: a few layers to watch. */
export function watchedBatchNormLayers(model: tf.LayersModel): string[] {
  const names = model.layers.filter(isBatchNorm).map((l) => l.name);
  if (names.length === 0) return [];
  return [...new Set([names[0], names[Math.floor((names.length - 1) / 2)], names[names.length - 1]])];
}

function variableEnding(layer: BatchNormLike, suffix: string): tf.LayerVariable {
  const found = layer.weights.find((w) => w.originalName.endsWith(suffix));
  if (!found) throw new Error(`${layer.name}: no ${suffix} variable; is it a BatchNormalization layer?`);
  return found;
}

/** The moving statistics of the named layers now (small synchronous reads: one value per channel). */
export function readMovingStats(model: tf.LayersModel, names: string[]): Record<string, MovingStats> {
  const out: Record<string, MovingStats> = {};
  for (const name of names) {
    const layer = model.getLayer(name) as unknown as BatchNormLike;
    out[name] = {
      mean: variableEnding(layer, 'moving_mean').read().dataSync() as Float32Array,
      variance: variableEnding(layer, 'moving_variance').read().dataSync() as Float32Array,
    };
  }
  return out;
}

/** The batch statistics a step used, from the moving statistics before and after it (momentum m). */
export function batchStatsOfStep(before: MovingStats, after: MovingStats, momentum: number): MovingStats {
  const decay = 1 - momentum;
  const invert = (b: Float32Array, a: Float32Array) => Float32Array.from(b, (x, c) => x - (x - a[c]) / decay);
  return { mean: invert(before.mean, after.mean), variance: invert(before.variance, after.variance) };
}

export function statsGap(moving: MovingStats, batch: MovingStats, epsilon: number): StatsGap {
  let shift = 0;
  let logRatio = 0;
  const n = moving.mean.length;
  for (let c = 0; c < n; c++) {
    // A variance recovered from two nearby floats can come out a hair below 0: clamp before the root.
    const batchVar = Math.max(batch.variance[c], 0) + epsilon;
    shift += (moving.mean[c] - batch.mean[c]) ** 2 / batchVar;
    logRatio += 0.5 * Math.log((Math.max(moving.variance[c], 0) + epsilon) / batchVar);
  }
  return { meanShift: Math.sqrt(shift / n), stdRatio: Math.exp(logRatio / n) };
}
