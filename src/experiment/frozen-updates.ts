import * as tf from '@tensorflow/tfjs';
import type { ImageBatch } from '../data/images.js';
import { firstNonFinite, type Divergence } from './divergence.js';
import { argmaxRows } from './metrics.js';
import { batchNormSummaries } from './model-summaries.js';
import { trainResNet, type ResNetKnobs } from './train-resnet.js';
import { recordTraining, recordedRunCompile, type TrainingConfig } from './training-run.js';

export interface FrozenUpdatePoint {
  /** Moving-statistics updates made after training (training-mode calls on the same batch). */
  k: number;
  /** Largest |inference - training-mode| probability over the batch. */
  gap: number;
  inferenceClasses: number[];
  trainingModeClasses: number[];
  /** Per BN layer (network order): the channel means of its moving mean and moving variance after update k. */
  movingStats: { layer: string; mean: number; variance: number }[];
}

export interface FrozenUpdatesTrace {
  momentum: number;
  trainingEpochs: number;
  points: FrozenUpdatePoint[];
  /** First k at which inference predicts the training-mode classes; null if not within the budget. */
  kStar: number | null;
  /** Set when training or a later output went NaN/Inf: the gaps are then not figures. */
  divergence?: Divergence;
}

/**
 * Trains a ResNet, freezes its weights, then keeps updating only the moving statistics (each
 * training-mode call on the same batch is one update of every BN layer) and watches inference
 * approach training mode. With frozen weights every layer sees fixed batch statistics, so each
 * layer follows the moving-average law exactly.
 */
export async function traceFrozenUpdates(
  batch: ImageBatch,
  model: ResNetKnobs,
  training: TrainingConfig,
  maxUpdates: number,
  every: number,
): Promise<FrozenUpdatesTrace> {
  const x = tf.tensor4d(batch.pixels, batch.shape);
  return trainResNet(x, undefined, { model, compile: recordedRunCompile(training) }, async ({ model: net, x, y }) => {
    const record = await recordTraining(net, x, y, training);
    let divergence = record.divergence;
    const points: FrozenUpdatePoint[] = [];
    let kStar: number | null = null;
    for (let k = 1; k <= maxUpdates; k++) {
      const trainingMode = net.apply(x, { training: true }) as tf.Tensor; // this call is update k
      if (k <= 10 || k % every === 0 || k === maxUpdates) {
        const inference = net.predict(x) as tf.Tensor;
        const [inf, tm] = [inference.arraySync() as number[][], trainingMode.arraySync() as number[][]];
        inference.dispose();
        // The updates made after training can overflow too: a NaN gap would compare as "did not shrink".
        const bad = divergence ? undefined : (firstNonFinite(inf) ?? firstNonFinite(tm));
        if (bad) divergence = { step: k, epoch: training.epochs, quantity: 'predict', value: bad };
        const gap = Math.max(...inf.flatMap((row, i) => row.map((v, j) => Math.abs(v - tm[i][j]))));
        const movingStats = (await batchNormSummaries(net)).map((bn) => ({
          layer: bn.layer,
          mean: bn.movingMean.mean,
          variance: bn.movingVariance.mean,
        }));
        const point = { k, gap, inferenceClasses: argmaxRows(inf), trainingModeClasses: argmaxRows(tm), movingStats };
        points.push(point);
        if (kStar === null && point.inferenceClasses.join() === point.trainingModeClasses.join()) kStar = k;
      }
      trainingMode.dispose();
    }
    return {
      momentum: model.normMomentum,
      trainingEpochs: training.epochs,
      points,
      kStar,
      ...(divergence ? { divergence } : {}),
    };
  });
}
