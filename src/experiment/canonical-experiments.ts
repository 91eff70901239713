import * as tf from '@tensorflow/tfjs';
import { DEFAULT_IMAGES_DIR } from '../settings.js';
import { loadImageFolder, type ImageBatch } from '../data/images.js';
import { normLayerFactory } from '../norm/model-factory.js';
import batchNorm from '../norm/specs/batch-norm.js';
import { activationSummaries, batchNormSummaries, type ValueSummary } from './model-summaries.js';
import { debiasedPredict, populationPredict } from './moving-stats-intervention.js';
import { SEED_EXPERIMENT_DEFAULTS, type SeedExperimentConfig } from './seed-config.js';
import { runSeedExperiment, type SeedExperimentHooks, type SeedExperimentResult } from './seed-experiment.js';

/**
 * The canonical experiments: fully seeded seed experiments on the shipped images whose traces are
 * kept as goldens (src/golden turns a trace into a record and compares it). What to train and what
 * to record lives here; this module asserts nothing and knows nothing of golden files.
 */
export interface CanonicalExperiment {
  name: string;
  description: string;
  /**
   * defaultBatchNorm: every BN layer is `tf.layers.batchNormalization()` with no options but its name
   * (tfjs's own momentum and epsilon), so a change of tfjs's defaults shows in a golden too.
   */
  config: SeedExperimentConfig & { imageSize: number; defaultBatchNorm?: boolean };
  /** Record per-layer activation summaries (small models only: keeps goldens a few kB). */
  activations: boolean;
}

const small = (name: string, description: string, overrides: Partial<SeedExperimentConfig>): CanonicalExperiment => ({
  name,
  description,
  config: {
    ...SEED_EXPERIMENT_DEFAULTS,
    stages: [1],
    width: 4,
    learningRate: 3e-3,
    fixEpochs: 0,
    imageSize: 40,
    ...overrides,
  },
  activations: true,
});

export const CANONICAL_EXPERIMENTS: CanonicalExperiment[] = [
  {
    name: 'seed-case-resnet50',
    description:
      "The seed case in full: ResNet50 (197x197x1, 3 classes) on the shipped images, 5 epochs at momentum 0.99, then the answer's 20 epochs at momentum 0.01.",
    config: { ...SEED_EXPERIMENT_DEFAULTS, imageSize: 197 },
    activations: false,
  },
  small('small-m0.99-e5-depth1', 'Small ResNet (1 stage), momentum 0.99, 5 epochs: the collapse regime.', {
    momentum: 0.99,
    epochs: 5,
  }),
  small(
    'small-m0.01-e5-depth1',
    'Small ResNet (1 stage), momentum 0.01, 5 epochs: moving statistics follow the batch.',
    { momentum: 0.01, epochs: 5 },
  ),
  small('small-m0.99-e2-depth2', 'Small ResNet (2 stages), momentum 0.99, 2 epochs: few updates.', {
    stages: [1, 1],
    momentum: 0.99,
    epochs: 2,
  }),
  small('small-m0.9-e8-depth2', 'Small ResNet (2 stages), momentum 0.9, 8 epochs: more updates, both modes closer.', {
    stages: [1, 1],
    momentum: 0.9,
    epochs: 8,
  }),
  {
    ...small(
      'small-bn-default-e5-depth1',
      "Small ResNet (1 stage), 5 epochs, every BN layer default-constructed (tfjs's own momentum and epsilon): a change of tfjs's defaults shows here.",
      { epochs: 5 },
    ),
    config: {
      ...SEED_EXPERIMENT_DEFAULTS,
      stages: [1],
      width: 4,
      learningRate: 3e-3,
      fixEpochs: 0,
      imageSize: 40,
      epochs: 5,
      defaultBatchNorm: true,
    },
  },
];

/** BatchNormalization as `new BatchNormalization()` builds it: only the name is given. */
/** The batch-norm spec's layer as `new BatchNormalization()` builds it: only the name given, tfjs's own momentum and epsilon. */
const defaultBatchNorm = normLayerFactory(batchNorm, { layerDefaults: true });

export function canonicalByName(name: string): CanonicalExperiment {
  const found = CANONICAL_EXPERIMENTS.find((e) => e.name === name);
  if (!found)
    throw new Error(
      `unknown canonical experiment "${name}"; known: ${CANONICAL_EXPERIMENTS.map((e) => e.name).join(', ')}`,
    );
  return found;
}

/** Every BN layer's moving statistics after a run, in network order. */
export type MovingStatsSummary = { layer: string; movingMean: ValueSummary; movingVariance: ValueSummary }[];

/** What a canonical experiment recorded: the seed experiment's result, and summaries of its trained models. */
export interface CanonicalTrace {
  batch: ImageBatch;
  result: SeedExperimentResult;
  /** After the question's run, and after the answer's run where there is one. */
  movingStats: { run: MovingStatsSummary; fixRun?: MovingStatsSummary };
  /** Per-layer outputs of the question's trained model on the images (with `activations` only). */
  activations?: { layer: string; output: ValueSummary }[];
  /**
   * predict() of the question's trained model with its moving statistics replaced (C15's interventions,
   * on the same weights): zero-debiased after its updates, and population statistics of the final
   * weights. Not part of the golden record.
   */
  interventions?: { updates: number; debiased: number[][]; population: number[][] };
}

/** Runs a canonical experiment on the current backend; hooks follow its epochs. */
export async function runCanonicalExperiment(
  experiment: CanonicalExperiment,
  hooks: Pick<SeedExperimentHooks, 'onEpochEnd'> = {},
): Promise<CanonicalTrace> {
  const { imageSize, defaultBatchNorm: defaults, ...config } = experiment.config;
  const batch = await loadImageFolder(DEFAULT_IMAGES_DIR, { size: imageSize });
  const movingStats: Partial<CanonicalTrace['movingStats']> = {};
  let activations: CanonicalTrace['activations'];
  let interventions: CanonicalTrace['interventions'];
  const onModelTrained = async (label: 'run' | 'fixRun', model: tf.LayersModel, x: tf.Tensor4D) => {
    movingStats[label] = await batchNormSummaries(model);
    if (label !== 'run') return;
    if (experiment.activations) activations = await activationSummaries(model, x);
    const updates = config.epochs * Math.ceil(batch.shape[0] / config.batchSize);
    interventions = {
      updates,
      debiased: await debiasedPredict(model, x, updates),
      population: await populationPredict(model, x),
    };
  };
  const result = await runSeedExperiment(
    batch,
    config,
    { onEpochEnd: hooks.onEpochEnd, onModelTrained },
    defaults ? defaultBatchNorm : undefined,
  );
  return {
    batch,
    result,
    movingStats: { run: movingStats.run ?? [], ...(movingStats.fixRun ? { fixRun: movingStats.fixRun } : {}) },
    ...(activations ? { activations } : {}),
    ...(interventions ? { interventions } : {}),
  };
}
