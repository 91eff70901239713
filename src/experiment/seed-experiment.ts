import * as tf from '@tensorflow/tfjs';
import type { ImageBatch } from '../data/images.js';
import { buildResNet, type NormLayerFactory, type ResNetConfig } from '../models/resnet.js';
import { batchNormFactory } from '../norm/model-factory.js';
import { runTraining, type TrainingHooks, type TrainingRunRecord } from './training-run.js';

export { SEED_EXPERIMENT_DEFAULTS, type SeedExperimentConfig } from './seed-config.js';
import type { SeedExperimentConfig } from './seed-config.js';

export interface SeedRunRecord extends TrainingRunRecord {
  momentum: number;
}

export interface SeedExperimentResult {
  modelName: string;
  params: number;
  inputShape: [number, number, number];
  classes: number;
  /** The question's run (momentum 0.99 by default). */
  run: SeedRunRecord;
  /** The answer's run (momentum 0.01 by default); undefined when fixEpochs is 0. */
  fixRun?: SeedRunRecord;
}

export interface SeedExperimentHooks extends TrainingHooks {
  onRunStart?(label: 'run' | 'fixRun', momentum: number, epochs: number): void;
  /** Called with the trained model (and the images) before it is released, to record more of it. */
  onModelTrained?(label: 'run' | 'fixRun', model: tf.LayersModel, x: tf.Tensor4D): void | Promise<void>;
}

export function resnetConfigFor(batch: ImageBatch, config: SeedExperimentConfig, momentum: number): ResNetConfig {
  const [n, h, w, c] = batch.shape;
  return { inputShape: [h, w, c], classes: config.labels ? Math.max(...config.labels) + 1 : n, stages: config.stages, width: config.width, bnMomentum: momentum, bnEpsilon: config.bnEpsilon, seed: config.seed };
}

export async function runSeedExperiment(
  batch: ImageBatch,
  config: SeedExperimentConfig,
  hooks: SeedExperimentHooks = {},
  norm: NormLayerFactory = batchNormFactory,
): Promise<SeedExperimentResult> {
  const [n] = batch.shape;
  if (n < 2) throw new RangeError(`the seed experiment needs at least 2 images (one per class), got ${n}`);
  if (config.labels && config.labels.length !== n) throw new RangeError(`${config.labels.length} labels for ${n} images`);
  const labels = config.labels ?? batch.files.map((_, i) => i);
  const classes = config.labels ? Math.max(...labels) + 1 : n;
  const x = tf.tensor4d(batch.pixels, batch.shape);
  // By default image i is class i, as in the seed's labels [[1,0,0],[0,1,0],[0,0,1]]. tidy: tensor1d and oneHot are intermediates.
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), classes).toFloat()) as tf.Tensor2D;
  let modelName = '';
  let params = 0;
  const runOnce = async (label: 'run' | 'fixRun', momentum: number, epochs: number): Promise<SeedRunRecord> => {
    hooks.onRunStart?.(label, momentum, epochs);
    const model = buildResNet(resnetConfigFor(batch, config, momentum), norm);
    modelName = model.name;
    params = model.countParams();
    try {
      const record = await runTraining(model, x, y, { ...config, epochs }, hooks);
      await hooks.onModelTrained?.(label, model, x);
      return { momentum, ...record };
    } finally {
      model.dispose();
    }
  };
  try {
    const run = await runOnce('run', config.momentum, config.epochs);
    const fixRun = config.fixEpochs > 0 ? await runOnce('fixRun', config.fixMomentum, config.fixEpochs) : undefined;
    const [, h, w, c] = batch.shape;
    return { modelName, params, inputShape: [h, w, c], classes, run, fixRun };
  } finally {
    tf.dispose([x, y]);
  }
}
