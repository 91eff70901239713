import * as tf from '@tensorflow/tfjs';
import type { ImageBatch } from '../data/images.js';
import type { NormLayerFactory } from '../models/resnet.js';
import { withCompiledResNet, withOneHotBatch } from './train-resnet.js';
import { recordTraining, recordedRunCompile, type TrainingHooks, type TrainingRunRecord } from './training-run.js';

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

export async function runSeedExperiment(
  batch: ImageBatch,
  config: SeedExperimentConfig,
  hooks: SeedExperimentHooks = {},
  norm?: NormLayerFactory,
): Promise<SeedExperimentResult> {
  const [n, h, w, c] = batch.shape;
  if (n < 2) throw new RangeError(`the seed experiment needs at least 2 images (one per class), got ${n}`);
  if (config.labels && config.labels.length !== n)
    throw new RangeError(`${config.labels.length} labels for ${n} images`);
  let modelName = '';
  let params = 0;
  return withOneHotBatch(tf.tensor4d(batch.pixels, batch.shape), config.labels, async (images) => {
    const runOnce = (label: 'run' | 'fixRun', momentum: number, epochs: number): Promise<SeedRunRecord> => {
      hooks.onRunStart?.(label, momentum, epochs);
      const model = {
        stages: config.stages,
        width: config.width,
        normMomentum: momentum,
        normEpsilon: config.bnEpsilon,
        seed: config.seed,
      };
      const training = { ...config, epochs };
      return withCompiledResNet(images, { model, norm, compile: recordedRunCompile(training) }, async (run) => {
        modelName = run.model.name;
        params = run.model.countParams();
        const record = await recordTraining(run.model, run.x, run.y, training, hooks);
        await hooks.onModelTrained?.(label, run.model, run.x);
        return { momentum, ...record };
      });
    };
    const run = await runOnce('run', config.momentum, config.epochs);
    const fixRun = config.fixEpochs > 0 ? await runOnce('fixRun', config.fixMomentum, config.fixEpochs) : undefined;
    return { modelName, params, inputShape: [h, w, c], classes: images.classes, run, fixRun };
  });
}
