import * as tf from '@tensorflow/tfjs';
import type { ImageBatch } from '../data/images.js';
import type { NormLayerFactory } from '../models/resnet.js';
import type { ResNetKnobs } from './train-resnet.js';
import { trainAndRecord, type TrainingConfig, type TrainingRunRecord } from './training-run.js';

/**
 * The seed's experiment in miniature, for properties: image i is class i, a fresh ResNet is trained
 * on the batch, and the run's record comes back. The model and every tensor are released.
 */
export function runOverfit(
  batch: ImageBatch,
  model: ResNetKnobs,
  training: TrainingConfig,
  norm?: NormLayerFactory,
): Promise<TrainingRunRecord & { params: number }> {
  return trainAndRecord(tf.tensor4d(batch.pixels, batch.shape), undefined, model, training, norm);
}
