import * as tf from '@tensorflow/tfjs';
import type { ImageBatch } from '../data/images.js';
import { buildResNet, type NormLayerFactory, type ResNetConfig } from '../models/resnet.js';
import { batchNormFactory } from '../norm/model-factory.js';
import { runTraining, type TrainingConfig, type TrainingRunRecord } from './training-run.js';

/**
 * The seed's experiment in miniature, for properties: image i is class i, a fresh ResNet is trained
 * on the batch, and the run's record comes back. The model and every tensor are released.
 */
export async function runOverfit(
  batch: ImageBatch,
  model: Omit<ResNetConfig, 'inputShape' | 'classes'>,
  training: TrainingConfig,
  norm: NormLayerFactory = batchNormFactory,
): Promise<TrainingRunRecord & { params: number }> {
  const [n, h, w, c] = batch.shape;
  const x = tf.tensor4d(batch.pixels, batch.shape);
  const y = tf.tidy(() => tf.oneHot(tf.range(0, n, 1, 'int32'), n).toFloat()) as tf.Tensor2D; // tidy: range and oneHot are intermediates
  const net = buildResNet({ ...model, inputShape: [h, w, c], classes: n }, norm);
  try {
    return { ...(await runTraining(net, x, y, training)), params: net.countParams() };
  } finally {
    net.dispose();
    tf.dispose([x, y]);
  }
}
