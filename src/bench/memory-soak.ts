import * as tf from '@tensorflow/tfjs';
import { renderRecipe, type ImageRecipe } from '../arbitraries/images.js';
import { batchFromPictures } from '../data/encode.js';
import { runOverfit } from '../experiment/overfit.js';
import { warmUpTraining } from '../experiment/warm-up.js';

/**
 * A long run of small experiments in one process, sampling its memory: does anything grow with the
 * number of experiments (tensors, TF.js bytes, the wasm heap, the process's resident memory)?
 */
export interface MemorySample {
  run: number;
  rssMb: number;
  heapUsedMb: number;
  numTensors: number;
  tfBytes: number;
  /** The wasm backend's linear memory (it only grows, never shrinks); 0 on other backends. */
  wasmHeapMb: number;
}

export interface SoakResult {
  runs: number;
  warmUpRuns: number;
  samples: MemorySample[];
  /** After the warm-up runs: the first sample, and the largest growth of each quantity over it. */
  baseline: MemorySample;
  growth: { rssMb: number; heapUsedMb: number; numTensors: number; tfBytes: number; wasmHeapMb: number };
  secondsPerRun: number;
}

const MB = 1024 * 1024;

function wasmHeapBytes(): number {
  const backend = tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
  return backend.wasm?.HEAPU8?.length ?? 0;
}

export function sample(run: number): MemorySample {
  const usage = process.memoryUsage();
  const memory = tf.memory();
  return {
    run,
    rssMb: usage.rss / MB,
    heapUsedMb: usage.heapUsed / MB,
    numTensors: memory.numTensors,
    tfBytes: memory.numBytes,
    wasmHeapMb: wasmHeapBytes() / MB,
  };
}

/** The experiment each run repeats: a fresh small ResNet on three generated images, 2 epochs, every record made. */
async function oneExperiment(i: number): Promise<void> {
  const recipes: ImageRecipe[] = [0, 1, 2].map((k) => ({ kind: 'noise', seed: i * 3 + k, low: 0, high: 255 }));
  const batch = await batchFromPictures(
    recipes.map((r, k) => ({ name: `${k}`, pixels: renderRecipe(r, 64), size: 64 })),
    { size: 33 },
  );
  await runOverfit(
    batch,
    { stages: [1], width: 4, normMomentum: 0.99, normEpsilon: 1.001e-5, seed: i },
    { epochs: 2, learningRate: 1e-3, batchSize: 32, shuffle: true, seed: i, traceTrainingMode: true },
  );
}

export async function memorySoak(
  runs: number,
  warmUpRuns: number,
  every = 10,
  onSample?: (s: MemorySample) => void,
): Promise<SoakResult> {
  await warmUpTraining();
  for (let i = 0; i < warmUpRuns; i++) await oneExperiment(i);
  globalThis.gc?.();
  const baseline = sample(0);
  const samples = [baseline];
  const started = performance.now();
  for (let i = 1; i <= runs; i++) {
    await oneExperiment(warmUpRuns + i);
    if (i % every === 0 || i === runs) {
      globalThis.gc?.();
      const s = sample(i);
      samples.push(s);
      onSample?.(s);
    }
  }
  const max = (key: keyof MemorySample) => Math.max(...samples.map((s) => s[key] - baseline[key]));
  return {
    runs,
    warmUpRuns,
    samples,
    baseline,
    growth: {
      rssMb: max('rssMb'),
      heapUsedMb: max('heapUsedMb'),
      numTensors: max('numTensors'),
      tfBytes: max('tfBytes'),
      wasmHeapMb: max('wasmHeapMb'),
    },
    secondsPerRun: (performance.now() - started) / 1000 / runs,
  };
}
