import * as tf from '@tensorflow/tfjs';
import { firstNonFinite, nonFiniteName, type Divergence } from './divergence.js';
import { lossAndAccuracy, argmaxRows, type LossAccuracy } from './metrics.js';
import { epochPermutations } from './shuffle.js';
import type { NormLayerFactory } from '../models/resnet.js';
import { trainResNet, type CompileChoice, type ResNetKnobs } from './train-resnet.js';

/** The training half of an experiment: optimizer, loss, schedule. The model comes built. */
export interface TrainingConfig {
  epochs: number;
  learningRate: number;
  batchSize: number;
  /** Reorder the samples every epoch (seeded), like Keras' fit(shuffle=True). */
  shuffle: boolean;
  seed: number;
  /** Also evaluate in training mode before each epoch's update (one extra forward pass an epoch). */
  traceTrainingMode?: boolean;
}

export interface EpochRecord {
  epoch: number;
  /** What fit() reports for the epoch: computed in training mode, before the epoch's update. */
  loss: number;
  acc: number;
  seconds: number;
  /** With traceTrainingMode: the training-mode figures of the weights this epoch started from. */
  trainingModeBefore?: LossAccuracy;
}

export interface TrainingRunRecord {
  epochs: EpochRecord[];
  /** predict(): inference mode, moving statistics. Rows are images, columns classes. */
  predict: number[][];
  predictedClasses: number[];
  /** evaluate(): inference mode. */
  evaluate: LossAccuracy;
  /** The same images with every layer in training mode (batch statistics), like Keras' learning_phase=1. */
  trainingModeEvaluate: LossAccuracy;
  /** The probabilities of that training-mode call. */
  trainingModePredict: number[][];
  /** Whether that training-mode call changed the moving statistics (normprop restores them afterwards). */
  trainingModeMutatedMovingStats: boolean;
  /** Set when the run diverged: its figures from that step on are not numbers to compare. */
  divergence?: Divergence;
}

export interface TrainingHooks {
  onEpochStart?(epoch: number, epochs: number): void;
  onEpochEnd?(record: EpochRecord, epochs: number): void;
}

function snapshot(variables: tf.LayerVariable[]): tf.Tensor[] {
  return variables.map((v) => v.read().clone());
}

/**
 * Training mode is what Keras' test_function with learning_phase=1 computes: batch statistics in
 * every BN layer. tfjs also updates the moving statistics in that call; those are put back, so
 * the figures describe the model fit() left behind, and whether they moved is recorded.
 */
export async function evaluateInTrainingMode(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
): Promise<{ figures: LossAccuracy; probabilities: number[][]; mutated: boolean }> {
  const stateful = model.nonTrainableWeights;
  const before = snapshot(stateful);
  try {
    const probabilities = model.apply(x, { training: true }) as tf.Tensor;
    const figures = await lossAndAccuracy(y, probabilities);
    const values = (await probabilities.array()) as number[][];
    probabilities.dispose();
    // A model without state (LayerNorm, GroupNorm) has nothing to compare.
    const changed = tf.tidy(() =>
      stateful.length === 0
        ? tf.zeros([0])
        : tf.stack(stateful.map((v, i) => tf.any(tf.notEqual(v.read(), before[i])).toFloat())),
    );
    const mutated = (await changed.data()).some((c) => c === 1);
    changed.dispose();
    stateful.forEach((v, i) => v.write(before[i]));
    return { figures, probabilities: values, mutated };
  } finally {
    tf.dispose(before);
  }
}

/**
 * Whether any weight (trainable or a moving statistic) is NaN or infinite: one scalar read a step.
 * It runs after every batch, so the common case is one reduction per weight (a tiny property model's
 * step is mostly per-kernel overhead): 0 * the sum of the weights' sums is 0 exactly when every sum is
 * finite, and NaN when any element is NaN or infinite. A finite sum that overflows makes it NaN too,
 * so only a suspect step is checked element by element, which also says which of the two it is.
 */
export async function nonFiniteWeights(model: tf.LayersModel): Promise<'NaN' | '±Infinity' | undefined> {
  if (model.weights.length === 0) return undefined;
  const suspect = tf.tidy(() => tf.mul(tf.addN(model.weights.map((w) => tf.sum(w.read()))), 0));
  const [probe] = await suspect.data();
  suspect.dispose();
  if (probe === 0) return undefined;
  const flags = tf.tidy(() => {
    const values = model.weights.map((w) => w.read());
    const nan = tf.stack(values.map((v) => tf.any(tf.isNaN(v)))).any();
    const infinite = tf.stack(values.map((v) => tf.any(tf.isInf(v)))).any();
    return tf.stack([nan, infinite]).toInt();
  });
  const [nan, infinite] = await flags.data();
  flags.dispose();
  return nan ? 'NaN' : infinite ? '±Infinity' : undefined;
}

/** How a recorded run is compiled: normprop's Adam at the run's rate, and fit()'s accuracy per epoch, which the record reads. */
export function recordedRunCompile(config: TrainingConfig): CompileChoice {
  return { optimizer: 'normprop-adam', learningRate: config.learningRate, metrics: ['acc'] };
}

/**
 * Fits a model compiled with recordedRunCompile (train-resnet.ts does both) on the run's schedule,
 * then records predict/evaluate in both modes.
 */
export async function recordTraining(
  model: tf.LayersModel,
  x: tf.Tensor4D,
  y: tf.Tensor2D,
  config: TrainingConfig,
  hooks: TrainingHooks = {},
): Promise<TrainingRunRecord> {
  const n = x.shape[0];
  const orders = epochPermutations(n, config.epochs, config.seed);
  const epochs: EpochRecord[] = [];
  let step = 0;
  let divergence: Divergence | undefined;
  for (let e = 0; e < config.epochs; e++) {
    hooks.onEpochStart?.(e + 1, config.epochs);
    const trainingModeBefore = config.traceTrainingMode
      ? (await evaluateInTrainingMode(model, x, y)).figures
      : undefined;
    const started = performance.now();
    const order = config.shuffle ? orders[e] : orders[e].map((_, i) => i);
    const indices = tf.tensor1d(order, 'int32');
    const xe = tf.gather(x, indices);
    const ye = tf.gather(y, indices);
    try {
      const onBatchEnd = async (_batch: number, logs?: tf.Logs) => {
        step++;
        if (divergence) return;
        const value = nonFiniteName(Number(logs?.loss));
        if (value) divergence = { step, epoch: e + 1, quantity: 'loss', value };
        else {
          const weights = await nonFiniteWeights(model);
          if (weights) divergence = { step, epoch: e + 1, quantity: 'weights', value: weights };
        }
      };
      const history = await model.fit(xe, ye, {
        epochs: e + 1,
        initialEpoch: e,
        batchSize: config.batchSize,
        shuffle: false,
        verbose: 0,
        callbacks: { onBatchEnd },
      });
      const record: EpochRecord = {
        epoch: e + 1,
        loss: Number(history.history.loss[0]),
        acc: Number(history.history.acc[0]),
        seconds: (performance.now() - started) / 1000,
        ...(trainingModeBefore ? { trainingModeBefore } : {}),
      };
      epochs.push(record);
      hooks.onEpochEnd?.(record, config.epochs);
    } finally {
      tf.dispose([indices, xe, ye]);
    }
  }
  const probabilities = model.predict(x, { batchSize: config.batchSize }) as tf.Tensor;
  const predict = (await probabilities.array()) as number[][];
  probabilities.dispose();
  const badOutput = divergence ? undefined : firstNonFinite(predict);
  if (badOutput) divergence = { step, epoch: config.epochs, quantity: 'predict', value: badOutput };
  const evaluated = model.evaluate(x, y, { batchSize: config.batchSize }) as tf.Scalar[];
  const [loss, acc] = await Promise.all(evaluated.map(async (t) => (await t.data())[0]));
  tf.dispose(evaluated);
  const trainingMode = await evaluateInTrainingMode(model, x, y);
  return {
    epochs,
    predict,
    predictedClasses: argmaxRows(predict),
    evaluate: { loss, acc },
    trainingModeEvaluate: trainingMode.figures,
    trainingModePredict: trainingMode.probabilities,
    trainingModeMutatedMovingStats: trainingMode.mutated,
    ...(divergence ? { divergence } : {}),
  };
}

/** A fresh ResNet on the images (taken over and released), trained and recorded: the routine of train-resnet.ts with recordedRunCompile. */
export function trainAndRecord(
  x: tf.Tensor4D,
  labels: number[] | undefined,
  model: ResNetKnobs,
  config: TrainingConfig,
  norm?: NormLayerFactory,
): Promise<TrainingRunRecord & { params: number }> {
  return trainResNet(x, labels, { model, norm, compile: recordedRunCompile(config) }, async (run) => ({
    ...(await recordTraining(run.model, run.x, run.y, config)),
    params: run.model.countParams(),
  }));
}
