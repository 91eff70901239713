import * as tf from '@tensorflow/tfjs';
import type { BackendInfo } from '../backend/select.js';
import { DEFAULT_IMAGES_DIR } from '../settings.js';
import { loadImageFolder, type ImageBatch } from '../data/images.js';
import { describeDivergence } from '../experiment/divergence.js';
import { activationSummaries, batchNormSummaries, type ValueSummary } from '../experiment/model-summaries.js';
import { SEED_EXPERIMENT_DEFAULTS, type SeedExperimentConfig } from '../experiment/seed-config.js';
import { runSeedExperiment, type SeedExperimentHooks, type SeedExperimentResult, type SeedRunRecord } from '../experiment/seed-experiment.js';
import { NORMPROP_VERSION } from '../version.js';
import { normLayerFactory } from '../norm/model-factory.js';
import batchNorm from '../norm/specs/batch-norm.js';
import { configHash, pixelsSha256, type GoldenRecord, type GoldenValue } from './record.js';

/** A fully seeded experiment whose outputs are kept as a golden. */
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
  config: { ...SEED_EXPERIMENT_DEFAULTS, stages: [1], width: 4, learningRate: 3e-3, fixEpochs: 0, imageSize: 40, ...overrides },
  activations: true,
});

export const CANONICAL_EXPERIMENTS: CanonicalExperiment[] = [
  {
    name: 'seed-case-resnet50',
    description: "The seed case in full: ResNet50 (197x197x1, 3 classes) on the shipped images, 5 epochs at momentum 0.99, then the answer's 20 epochs at momentum 0.01.",
    config: { ...SEED_EXPERIMENT_DEFAULTS, imageSize: 197 },
    activations: false,
  },
  small('small-m0.99-e5-depth1', 'Small ResNet (1 stage), momentum 0.99, 5 epochs: the collapse regime.', { momentum: 0.99, epochs: 5 }),
  small('small-m0.01-e5-depth1', 'Small ResNet (1 stage), momentum 0.01, 5 epochs: moving statistics follow the batch.', { momentum: 0.01, epochs: 5 }),
  small('small-m0.99-e2-depth2', 'Small ResNet (2 stages), momentum 0.99, 2 epochs: few updates.', { stages: [1, 1], momentum: 0.99, epochs: 2 }),
  small('small-m0.9-e8-depth2', 'Small ResNet (2 stages), momentum 0.9, 8 epochs: more updates, both modes closer.', { stages: [1, 1], momentum: 0.9, epochs: 8 }),
  {
    ...small('small-bn-default-e5-depth1', "Small ResNet (1 stage), 5 epochs, every BN layer default-constructed (tfjs's own momentum and epsilon): a change of tfjs's defaults shows here.", { epochs: 5 }),
    config: { ...SEED_EXPERIMENT_DEFAULTS, stages: [1], width: 4, learningRate: 3e-3, fixEpochs: 0, imageSize: 40, epochs: 5, defaultBatchNorm: true },
  },
];

/** The batch-norm spec's layer as `new BatchNormalization()` builds it: only the name given, tfjs's own momentum and epsilon. */
const defaultBatchNorm = normLayerFactory(batchNorm, { layerDefaults: true });

export function canonicalByName(name: string): CanonicalExperiment {
  const found = CANONICAL_EXPERIMENTS.find((e) => e.name === name);
  if (!found) throw new Error(`unknown canonical experiment "${name}"; known: ${CANONICAL_EXPERIMENTS.map((e) => e.name).join(', ')}`);
  return found;
}

const summary = (s: ValueSummary): number[] => [s.mean, s.std, s.min, s.max];

function runFields(prefix: string, run: SeedRunRecord): Record<string, GoldenValue> {
  return {
    [`${prefix}.epochs.loss`]: run.epochs.map((e) => e.loss),
    [`${prefix}.epochs.acc`]: run.epochs.map((e) => e.acc),
    [`${prefix}.predict`]: run.predict,
    [`${prefix}.trainingModePredict`]: run.trainingModePredict,
    [`${prefix}.evaluate.loss`]: run.evaluate.loss,
    [`${prefix}.evaluate.acc`]: run.evaluate.acc,
    [`${prefix}.trainingModeEvaluate.loss`]: run.trainingModeEvaluate.loss,
    [`${prefix}.trainingModeEvaluate.acc`]: run.trainingModeEvaluate.acc,
  };
}

/** Runs a canonical experiment on the current backend and returns what its golden would hold; hooks follow its epochs. */
export interface CanonicalHooks extends Pick<SeedExperimentHooks, 'onEpochEnd'> {
  /** The experiment's full record and images, for readers beyond the golden (the seed-case claim checks). */
  onResult?(result: SeedExperimentResult, batch: ImageBatch): void | Promise<void>;
}

export async function runCanonical(experiment: CanonicalExperiment, backend: BackendInfo, hooks: CanonicalHooks = {}): Promise<GoldenRecord> {
  const { imageSize, defaultBatchNorm: defaults, ...config } = experiment.config;
  const batch = await loadImageFolder(DEFAULT_IMAGES_DIR, { size: imageSize });
  const extra: Record<string, GoldenValue> = {};
  const onModelTrained = async (label: 'run' | 'fixRun', model: tf.LayersModel, x: tf.Tensor4D) => {
    const prefix = label === 'run' ? 'run' : 'momentum001';
    for (const bn of await batchNormSummaries(model)) {
      extra[`${prefix}.bn.${bn.layer}.movingMean`] = summary(bn.movingMean);
      extra[`${prefix}.bn.${bn.layer}.movingVariance`] = summary(bn.movingVariance);
    }
    if (experiment.activations && label === 'run') for (const a of await activationSummaries(model, x)) extra[`activations.${a.layer}`] = summary(a.output);
  };
  const result = await runSeedExperiment(batch, config, { onEpochEnd: hooks.onEpochEnd, onModelTrained }, ...(defaults ? [defaultBatchNorm] : []));
  await hooks.onResult?.(result, batch);
  // A diverged run can still print finite-looking numbers (clipped losses); a golden of it would enshrine them.
  for (const run of [result.run, result.fixRun]) {
    if (run?.divergence) throw new Error(`${experiment.name}: the run at momentum ${run.momentum} ${describeDivergence(run.divergence)}; no golden is written from it`);
  }
  const goldenConfig = { ...experiment.config, images: batch.files.map((f) => f.split('/').pop()) };
  return {
    name: experiment.name,
    description: experiment.description,
    provenance: {
      backend: backend.name,
      device: backend.device,
      tfjsVersion: backend.tfjsVersion,
      normprop: NORMPROP_VERSION,
      node: process.version,
      seed: config.seed,
      config: goldenConfig,
      configHash: configHash(goldenConfig),
      inputSha256: pixelsSha256(batch.pixels),
      date: new Date().toISOString(),
    },
    fields: {
      params: result.params,
      ...runFields('run', result.run),
      ...(result.fixRun ? runFields('momentum001', result.fixRun) : {}),
      ...extra,
    },
  };
}
