import * as tf from '@tensorflow/tfjs';
import { recomputeBatchNormStatistics } from './precise-bn.js';

/**
 * C15 on a model already trained, without training it again: the claim's interventions change only
 * what predict() normalizes with, and training mode never reads the moving statistics, so the same
 * weights serve both. Each intervention rewrites every BatchNormalization layer's moving statistics,
 * runs predict() on the images, and puts the statistics back as they were.
 */
interface MovingStats {
  layer: tf.layers.Layer;
  mean: tf.LayerVariable;
  variance: tf.LayerVariable;
}

function movingStatsOf(model: tf.LayersModel): MovingStats[] {
  return model.layers
    .filter((l) => l.getClassName() === 'BatchNormalization')
    .map((layer) => {
      const byName = (suffix: string) => layer.weights.find((w) => w.originalName.endsWith(suffix))!;
      return { layer, mean: byName('moving_mean'), variance: byName('moving_variance') };
    });
}

/** Runs `body` with each layer's moving statistics set by `set`, and restores them (also when it throws). */
async function withMovingStats<T>(model: tf.LayersModel, set: (s: MovingStats) => void, body: () => Promise<T>) {
  const stats = movingStatsOf(model);
  const saved = stats.map((s) => [tf.clone(s.mean.read()), tf.clone(s.variance.read())] as const);
  try {
    for (const s of stats) set(s);
    return await body();
  } finally {
    stats.forEach((s, i) => {
      s.mean.write(saved[i][0]);
      s.variance.write(saved[i][1]);
      tf.dispose([...saved[i]]);
    });
  }
}

/** predict()'s probabilities, one row per image (argmaxRows gives the classes). */
async function predictRows(model: tf.LayersModel, x: tf.Tensor): Promise<number[][]> {
  const probabilities = tf.tidy(() => model.predict(x) as tf.Tensor);
  try {
    return (await probabilities.array()) as number[][];
  } finally {
    probabilities.dispose();
  }
}

/**
 * The Keras-2.1-era zero-debiased moving averages (the batch-norm-debiased spec), from tfjs's after k
 * updates at each layer's momentum m: tfjs keeps mean_k = (1-m) sum m^(k-i) mu_i from 0 and var_k = m^k + the same
 * sum from 1; the debiased ones divide that sum by 1-m^k, so the 0/1 initial values weigh nothing.
 */
export function debiasedPredict(model: tf.LayersModel, x: tf.Tensor, updates: number) {
  return withMovingStats(
    model,
    (s) => {
      // Each layer's own momentum (a spec or the defaults may set it).
      const mk = (s.layer as unknown as { momentum: number }).momentum ** updates;
      const [mean, variance] = tf.tidy(() => [
        tf.div(s.mean.read(), 1 - mk),
        tf.div(tf.sub(s.variance.read(), mk), 1 - mk),
      ]);
      s.mean.write(mean);
      s.variance.write(variance);
      tf.dispose([mean, variance]);
    },
    () => predictRows(model, x),
  );
}

/**
 * Population statistics of the final weights (PreciseBN, Wu & Johnson 2021; precise-bn.ts), over the
 * images as one batch, with the model's own statistics put back afterwards: neither the initial values
 * nor the lag behind earlier weights are left. What stays wrong after the debiased intervention and is
 * right after this one is the lag.
 */
export function populationPredict(model: tf.LayersModel, x: tf.Tensor) {
  return withMovingStats(
    model,
    () => undefined,
    async () => {
      await recomputeBatchNormStatistics(model, x, x.shape[0]);
      return predictRows(model, x);
    },
  );
}
