import * as tf from '@tensorflow/tfjs';
import { seededValues } from '../stats/seeded-values.js';
import { channelMoments } from '../stats/channel-moments.js';

/**
 * The three ways a Keras user freezes a BatchNormalization, built in tfjs, and what one fit() epoch on
 * one batch does to it. Records, asserts nothing.
 * - trainable-false: `bn.trainable = false` (the Keras docstring's and the transfer-learning guide's way);
 * - base-called-training-false: a frozen base model called as `base(x, training=False)` under a new head
 *   (the guide's fine-tuning recipe);
 * - layer-called-training-false: `BatchNormalization()(x, training=False)` at build time (keras issue 4762).
 */
export type FreezeKind = 'trainable-false' | 'base-called-training-false' | 'layer-called-training-false';
export const FREEZE_KINDS: FreezeKind[] = [
  'trainable-false',
  'base-called-training-false',
  'layer-called-training-false',
];

const EPSILON = 1e-3; // tfjs's and Keras's default

export interface FrozenFitTrace {
  /** The loss fit() reported for its one batch (computed before the weights moved). */
  fitLoss: number;
  /** evaluate() on the same batch with the same weights, before fit(). */
  evaluateLoss: number;
  /** The loss computed here, in float64, if BN normalized with the batch's statistics / with the moving ones. */
  lossWithBatchStatistics: number;
  lossWithMovingStatistics: number;
  movingMeanBefore: number[];
  movingVarianceBefore: number[];
  movingMeanAfter: number[];
  movingVarianceAfter: number[];
  batchMean: number[];
  batchVariance: number[];
}

function build(
  kind: FreezeKind,
  channels: number,
): { model: tf.LayersModel; bn: tf.layers.Layer; head: tf.layers.Layer } {
  const input = tf.input({ shape: [channels] });
  const head = tf.layers.dense({ units: 1 });
  let features: tf.SymbolicTensor;
  let bn: tf.layers.Layer;
  if (kind === 'trainable-false') {
    bn = tf.layers.batchNormalization({ epsilon: EPSILON, trainable: false });
    features = bn.apply(input) as tf.SymbolicTensor;
  } else if (kind === 'layer-called-training-false') {
    bn = tf.layers.batchNormalization({ epsilon: EPSILON });
    features = bn.apply(input, { training: false }) as tf.SymbolicTensor;
  } else {
    bn = tf.layers.batchNormalization({ epsilon: EPSILON });
    const baseInput = tf.input({ shape: [channels] });
    const base = tf.model({ inputs: baseInput, outputs: bn.apply(baseInput) as tf.SymbolicTensor });
    base.trainable = false;
    features = base.apply(input, { training: false }) as tf.SymbolicTensor;
  }
  const model = tf.model({ inputs: input, outputs: head.apply(features) as tf.SymbolicTensor });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
  return { model, bn, head };
}

/** Mean squared error of dense(normalize(x)) against y, normalizing by the given statistics (gamma 1, beta 0). */
function lossWith(
  values: Float32Array,
  y: Float32Array,
  kernel: Float32Array,
  bias: number,
  stats: { mean: number[]; variance: number[] },
): number {
  const channels = kernel.length;
  const m = values.length / channels;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    let out = bias;
    for (let c = 0; c < channels; c++)
      out += (kernel[c] * (values[i * channels + c] - stats.mean[c])) / Math.sqrt(stats.variance[c] + EPSILON);
    sum += (out - y[i]) ** 2;
  }
  return sum / m;
}

const read = async (layer: tf.layers.Layer, name: string) =>
  Array.from(
    await layer.weights
      .find((w) => w.originalName.endsWith(name))!
      .read()
      .data(),
  );

/** One fit() epoch of one batch (row-major [m, channels] values, seeded targets and head kernel) on a frozen BN + Dense. */
export async function fitFrozenBatchNorm(
  kind: FreezeKind,
  values: Float32Array,
  channels: number,
  seed: number,
): Promise<FrozenFitTrace> {
  const m = values.length / channels;
  const { model, bn, head } = build(kind, channels);
  const kernel = seededValues(channels, seed + 1);
  const y = seededValues(m, seed + 2);
  const x = tf.tensor2d(values, [m, channels]);
  const target = tf.tensor2d(y, [m, 1]);
  try {
    const headWeights = [tf.tensor2d(kernel, [channels, 1]), tf.zeros([1])];
    head.setWeights(headWeights);
    tf.dispose(headWeights);
    const movingMeanBefore = await read(bn, 'moving_mean');
    const movingVarianceBefore = await read(bn, 'moving_variance');
    const evaluated = model.evaluate(x, target, { batchSize: m }) as tf.Scalar;
    const evaluateLoss = (await evaluated.data())[0];
    evaluated.dispose();
    const history = await model.fit(x, target, { epochs: 1, batchSize: m, shuffle: false, verbose: 0 });
    const batch = channelMoments(values, channels);
    return {
      fitLoss: history.history.loss[0] as number,
      evaluateLoss,
      lossWithBatchStatistics: lossWith(values, y, kernel, 0, batch),
      lossWithMovingStatistics: lossWith(values, y, kernel, 0, {
        mean: movingMeanBefore,
        variance: movingVarianceBefore,
      }),
      movingMeanBefore,
      movingVarianceBefore,
      movingMeanAfter: await read(bn, 'moving_mean'),
      movingVarianceAfter: await read(bn, 'moving_variance'),
      batchMean: batch.mean,
      batchVariance: batch.variance,
    };
  } finally {
    tf.dispose([x, target]);
    model.optimizer.dispose();
    model.dispose();
  }
}
