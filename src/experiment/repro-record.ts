import path from 'node:path';
import type { KernelProvenance } from '../backend/kernel-provenance.js';
import type { BackendInfo } from '../backend/select.js';
import type { ImageBatch } from '../data/images.js';
import { PROJECT_ROOT } from '../settings.js';
import { NORMPROP_VERSION } from '../version.js';
import { argmaxRows } from './metrics.js';
import { REPRO_FORMAT } from './repro-format.js';
import type { SeedExperimentConfig, SeedExperimentResult, SeedRunRecord } from './seed-experiment.js';

export { REPRO_FORMAT };

/** One run of the seed experiment as the record keeps it; the question's and the answer's have the same fields. */
export interface ReproRun {
  /** BN momentum of the run. */
  momentum: number;
  epochs: SeedRunRecord['epochs'];
  /** predict(): inference mode, moving statistics. Rows are images, columns classes. */
  predict: number[][];
  predictedClasses: number[];
  /** predict() gives one class for all the images (two or more): the seed's collapse. */
  collapsed: boolean;
  evaluate: SeedRunRecord['evaluate'];
  /** The same weights with every layer in training mode (batch statistics), as fit() sees them. */
  trainingModeEvaluate: SeedRunRecord['trainingModeEvaluate'];
  trainingModePredict: number[][];
  trainingModePredictedClasses: number[];
  /** Whether that training-mode call moved the moving statistics (normprop puts them back). */
  trainingModeMutatedMovingStats: boolean;
  /** Set when the run diverged (NaN/Inf): where it began. */
  divergence?: SeedRunRecord['divergence'];
}

/** The JSON record `npm run repro` writes: the two runs, and where and how they were made. */
export interface ReproRecord {
  format: typeof REPRO_FORMAT;
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
  images: ImagesFolder & { files: string[]; size: number; scale: string };
  model: string;
  params: number;
  wallSeconds: number;
  /** The class of each image, in file order. */
  labels: number[];
  runs: {
    /** The question's run (momentum 0.99, 5 epochs by default). */
    question: ReproRun;
    /** The answer's run (momentum 0.01, 20 epochs by default); absent with --fix-epochs 0 or a layer without running statistics. */
    answer?: ReproRun;
  };
}

export interface ImagesFolder {
  /** Relative to the project root when the folder is inside it (a record that reads the same on any clone); else absolute. */
  dir: string;
  relativeToProject: boolean;
}

/** The images folder as the record names it: relative to the project root inside it, absolute outside. */
export function imagesFolder(dir: string, root = PROJECT_ROOT): ImagesFolder {
  const relative = path.relative(root, path.resolve(dir));
  const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
  // Forward slashes, so the record is the same on every platform.
  return inside
    ? { dir: relative === '' ? '.' : relative.split(path.sep).join('/'), relativeToProject: true }
    : { dir: path.resolve(dir), relativeToProject: false };
}

/** One class for every image (of two or more): what the seed question's predict() did. */
export const isCollapsed = (classes: number[]): boolean => classes.length > 1 && new Set(classes).size === 1;

export function reproRun(run: SeedRunRecord): ReproRun {
  return {
    momentum: run.momentum,
    epochs: run.epochs,
    predict: run.predict,
    predictedClasses: run.predictedClasses,
    collapsed: isCollapsed(run.predictedClasses),
    evaluate: run.evaluate,
    trainingModeEvaluate: run.trainingModeEvaluate,
    trainingModePredict: run.trainingModePredict,
    trainingModePredictedClasses: argmaxRows(run.trainingModePredict),
    trainingModeMutatedMovingStats: run.trainingModeMutatedMovingStats,
    ...(run.divergence ? { divergence: run.divergence } : {}),
  };
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
  return {
    format: REPRO_FORMAT,
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
      ...imagesFolder(args.imagesDir),
      files: batch.files.map((f) => path.basename(f)),
      size: batch.shape[1],
      scale: args.scale,
    },
    model: result.modelName,
    params: result.params,
    wallSeconds: args.wallSeconds,
    labels: config.labels ?? batch.files.map((_, i) => i),
    runs: {
      question: reproRun(result.run),
      ...(result.fixRun ? { answer: reproRun(result.fixRun) } : {}),
    },
  };
}
