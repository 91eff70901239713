import path from 'node:path';
import type { KernelProvenance } from '../backend/kernel-provenance.js';
import type { BackendInfo } from '../backend/select.js';
import type { ImageBatch } from '../data/images.js';
import { NORMPROP_VERSION } from '../version.js';
import type { SeedExperimentConfig, SeedExperimentResult, SeedRunRecord } from './seed-experiment.js';

/** The JSON record `npm run repro` writes: the two runs, and where and how they were made. */
export interface ReproRecord {
  normprop: string;
  date: string;
  backend: string;
  device: string;
  tfjsVersion: string;
  /** The kernels the run trained on: stock tfjs, or normprop's accelerator (which ones, SIMD or JS). */
  kernels: KernelProvenance;
  seed: number;
  config: SeedExperimentConfig;
  /** The normalization layer spec in the ResNet (batch-norm in the seed). */
  norm: string;
  images: { dir: string; files: string[]; size: number; scale: string };
  model: string;
  params: number;
  wallSeconds: number;
  epochs: SeedRunRecord['epochs'];
  momentum: number;
  predict: number[][];
  predictedClasses: number[];
  labels: number[];
  evaluate: SeedRunRecord['evaluate'];
  trainingModeEvaluate: SeedRunRecord['trainingModeEvaluate'];
  trainingModeMutatedMovingStats: boolean;
  /** The answer's run (momentum 0.01, 20 epochs by default; whatever --fix-momentum says). */
  answerRun?: SeedRunRecord;
  /** Set when the question's run diverged (NaN/Inf): where it began. The answer's run carries its own. */
  divergence?: SeedRunRecord['divergence'];
}

export function reproRecord(args: {
  backend: BackendInfo;
  config: SeedExperimentConfig;
  norm: string;
  batch: ImageBatch;
  imagesDir: string;
  scale: string;
  result: SeedExperimentResult;
  wallSeconds: number;
}): ReproRecord {
  const { backend, config, batch, result } = args;
  const { run } = result;
  return {
    normprop: NORMPROP_VERSION,
    date: new Date().toISOString(),
    backend: backend.name,
    device: backend.device,
    tfjsVersion: backend.tfjsVersion,
    kernels: backend.kernels,
    seed: config.seed,
    config,
    norm: args.norm,
    images: {
      dir: args.imagesDir,
      files: batch.files.map((f) => path.basename(f)),
      size: batch.shape[1],
      scale: args.scale,
    },
    model: result.modelName,
    params: result.params,
    wallSeconds: args.wallSeconds,
    epochs: run.epochs,
    momentum: run.momentum,
    predict: run.predict,
    predictedClasses: run.predictedClasses,
    labels: config.labels ?? batch.files.map((_, i) => i),
    evaluate: run.evaluate,
    trainingModeEvaluate: run.trainingModeEvaluate,
    trainingModeMutatedMovingStats: run.trainingModeMutatedMovingStats,
    answerRun: result.fixRun,
    ...(run.divergence ? { divergence: run.divergence } : {}),
  };
}
