import * as tf from '@tensorflow/tfjs';
import type { ImageBatch } from '../data/images.js';
import type { ResNetKnobs } from './train-resnet.js';
import { trainResNet } from './train-resnet.js';
import { argmaxRows } from './metrics.js';
import { recordedRunCompile, recordTraining, type TrainingConfig, type TrainingRunRecord } from './training-run.js';

/**
 * PreciseBN (Wu & Johnson 2021, §3; fvcore's precise_bn.py): after training, replace every BatchNorm's
 * moving statistics by population statistics computed with the final weights. As fvcore does, the
 * data goes through the model in training mode in batches, and each layer's mean and variance are the
 * averages of its per-batch statistics (each layer's input computed with the layers before it in
 * training mode). The model is changed in place.
 */
export async function recomputeBatchNormStatistics(
  model: tf.LayersModel,
  x: tf.Tensor,
  batchSize: number,
): Promise<void> {
  const layers = model.layers.filter((l) => l.getClassName() === 'BatchNormalization');
  if (layers.length === 0) return;
  // A view of the same graph that returns each BatchNorm's input; it owns no weights, so it is never disposed.
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.input as tf.SymbolicTensor) });
  const n = x.shape[0];
  const sums = layers.map(() => ({
    mean: undefined as tf.Tensor | undefined,
    variance: undefined as tf.Tensor | undefined,
  }));
  let batches = 0;
  for (let start = 0; start < n; start += batchSize) {
    tf.tidy(() => {
      const xb = x.slice(start, Math.min(batchSize, n - start));
      const inputs = probe.apply(xb, { training: true }) as tf.Tensor | tf.Tensor[];
      (Array.isArray(inputs) ? inputs : [inputs]).forEach((t, i) => {
        const { mean, variance } = tf.moments(t, [...Array(t.rank - 1).keys()]);
        const s = sums[i];
        const m = s.mean ? tf.add(s.mean, mean) : mean;
        const v = s.variance ? tf.add(s.variance, variance) : variance;
        tf.dispose([s.mean, s.variance]);
        s.mean = tf.keep(m);
        s.variance = tf.keep(v);
      });
    });
    batches++;
  }
  layers.forEach((layer, i) => {
    const find = (name: string) => layer.weights.find((w) => w.originalName.endsWith(name))!;
    tf.tidy(() => {
      find('moving_mean').write(tf.div(sums[i].mean!, batches));
      find('moving_variance').write(tf.div(sums[i].variance!, batches));
    });
    tf.dispose([sums[i].mean, sums[i].variance]);
  });
}

/** PreciseBN on a trained model (changed in place), then predict() on the same images. */
export async function preciseBnPredict(
  model: tf.LayersModel,
  x: tf.Tensor,
  batchSize: number,
): Promise<{ predict: number[][]; classes: number[] }> {
  await recomputeBatchNormStatistics(model, x, batchSize);
  const out = model.predict(x, { batchSize }) as tf.Tensor;
  const predict = (await out.array()) as number[][];
  out.dispose();
  return { predict, classes: argmaxRows(predict) };
}

export interface PreciseBnRun extends TrainingRunRecord {
  /** predict()'s classes after the statistics were recomputed with the final weights. */
  preciseBnPredictedClasses: number[];
}

/** The seed's experiment in miniature (image i is class i, as runOverfit), then PreciseBN over the training images, then predict() again. */
export function runOverfitWithPreciseBn(
  batch: ImageBatch,
  model: ResNetKnobs,
  training: TrainingConfig,
): Promise<PreciseBnRun> {
  return trainResNet(
    tf.tensor4d(batch.pixels, batch.shape),
    undefined,
    { model, compile: recordedRunCompile(training) },
    async (run) => {
      const record = await recordTraining(run.model, run.x, run.y, training);
      const after = await preciseBnPredict(run.model, run.x, training.batchSize);
      return { ...record, preciseBnPredictedClasses: after.classes };
    },
  );
}
