import type { KernelProvenance, KernelSet } from '../backend/kernel-set.js';
import { setTimeout as sleep } from 'node:timers/promises';
import * as tf from '@tensorflow/tfjs';
import { resnet50Config } from '../models/resnet.js';
import { trainResNet, withCompiledResNet, withOneHotBatch } from '../experiment/train-resnet.js';
import { recordTraining, recordedRunCompile } from '../experiment/training-run.js';
import { spread, type Spread } from '../stats/spread.js';

/** What `npm run bench` measures on one backend, in one process (so peak memory is this backend's). */
export interface BackendBench {
  backend: string;
  device: string;
  /** ResNet50 197x197x1, batch 3, Adam: one fit() step, after warm-up. Null where skipped. */
  stepMs: Spread | null;
  /** One predict() of the same batch, median. */
  predictMs: number | null;
  /** predict() right after a training step (median over the timed steps). */
  predictAfterStepMs: number | null;
  /** Peak resident memory of the process, MB. */
  peakRssMb: number;
  /** Small-ResNet property cases (build, 3 epochs, predict, evaluate, training-mode evaluate) per second. */
  casesPerSecond: number;
  /** With casesStartAt: how late the count started (ms; the warm-up ran past the start time). */
  casesLateMs?: number;
  skipped?: string;
  /** The kernel set measured (kernel-set.ts's provenance). */
  kernels?: KernelProvenance;
  /** wasm: XNNPACK threads the measurement ran with. */
  threads?: number;
  /** With --profile: one training step's kernel time by kernel name, largest first. */
  profile?: KernelShare[];
}

export interface KernelShare {
  kernel: string;
  calls: number;
  ms: number;
}

export interface BenchOptions {
  size: number;
  warmupSteps: number;
  steps: number;
  predictRuns: number;
  /** Seconds spent counting small-ResNet cases. */
  caseSeconds: number;
  /** Skip the ResNet50 measurement (the cpu backend needs minutes per step). */
  skipResNet50?: string;
  /** Profile one extra training step kernel by kernel (tf.profile). */
  profile?: boolean;
  /** wasm threads for this run. */
  threads?: number;
  /** Refuse a software WebGPU adapter (bench's default list: only a real GPU is worth minutes per step). */
  realGpuOnly?: boolean;
  /** The kernel set to measure (bench's default: normprop, the accelerated one). */
  kernels?: KernelSet;
  /**
   * Epoch ms at which to start counting small cases (after the warm-up case): processes measured side
   * by side start their windows together, so none counts while another is still loading.
   */
  casesStartAt?: number;
}

/** Kernel time of one fit() step, summed per kernel name (tf.profile times each kernel call). */
async function profileStep(step: () => Promise<unknown>): Promise<KernelShare[]> {
  // fit() resolves to a History, not tensors; the profile needs only the kernels it ran.
  const info = await tf.profile(async () => void (await step()));
  const byName = new Map<string, KernelShare>();
  for (const k of info.kernels) {
    // An op with a custom gradient (fusedConv2d__op) is recorded around the kernels it runs: counting it would count them twice.
    if (k.name.endsWith('__op')) continue;
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : ((await k.kernelTimeMs) as number);
    const share = byName.get(k.name) ?? { kernel: k.name, calls: 0, ms: 0 };
    share.calls += 1;
    share.ms += Number.isFinite(ms) ? ms : 0;
    byName.set(k.name, share);
  }
  return [...byName.values()].sort((a, b) => b.ms - a.ms);
}

async function resnet50Timings(options: BenchOptions) {
  const x = tf.randomUniform([3, options.size, options.size, 1], 0, 255, 'float32', 1) as tf.Tensor4D;
  return trainResNet(
    x,
    undefined,
    { model: resnet50Config(), compile: { optimizer: 'normprop-adam', learningRate: 1e-3, metrics: ['acc'] } },
    async ({ model, x, y }) => {
      const timedPredict = async () => {
        const started = performance.now();
        const p = model.predict(x) as tf.Tensor;
        await p.data();
        p.dispose();
        return performance.now() - started;
      };
      // Steps back to back, as training runs them: each step's forward pass packs the filters the
      // previous step's update made (tfjs's wasm conv caches packed filters per tensor), so that work
      // stays inside the step time.
      const stepTimes: number[] = [];
      for (let i = 0; i < options.warmupSteps + options.steps; i++) {
        const started = performance.now();
        await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
        if (i >= options.warmupSteps) stepTimes.push(performance.now() - started);
      }
      // Profiled like a timed step: right after one.
      const profile = options.profile
        ? await profileStep(() => model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 }))
        : undefined;
      // Then predict() right after a step, as C10's long runs call it (the packing moves into it),
      // timed apart from those steps, beside a settled predict() further down.
      const afterStep: number[] = [];
      for (let i = 0; i < Math.min(options.steps, 3); i++) {
        await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
        afterStep.push(await timedPredict());
      }
      await timedPredict();
      const predictTimes: number[] = [];
      for (let i = 0; i < options.predictRuns; i++) predictTimes.push(await timedPredict());
      return {
        stepMs: spread(stepTimes),
        predictMs: spread(predictTimes).median,
        predictAfterStepMs: spread(afterStep).median,
        profile,
      };
    },
  );
}

async function smallCaseRate(seconds: number, startAt?: number): Promise<{ rate: number; lateMs?: number }> {
  const x = tf.randomUniform([3, 32, 32, 1], 0, 255, 'float32', 2) as tf.Tensor4D;
  return withOneHotBatch(x, undefined, async (batch) => {
    const runCase = (seed: number) => {
      const training = { epochs: 3, learningRate: 1e-3, batchSize: 32, shuffle: true, seed };
      const spec = { model: resnet50Config({ stages: [1, 1], width: 4, seed }), compile: recordedRunCompile(training) };
      return withCompiledResNet(batch, spec, (run) => recordTraining(run.model, run.x, run.y, training));
    };
    await runCase(0); // warm-up: kernel set-up is not a property case's cost
    const wait = startAt === undefined ? 0 : startAt - Date.now();
    if (wait > 0) await sleep(wait);
    let cases = 0;
    const started = performance.now();
    while (performance.now() - started < seconds * 1000) await runCase(++cases);
    const rate = cases / ((performance.now() - started) / 1000);
    return startAt === undefined ? { rate } : { rate, lateMs: Math.max(0, -wait) };
  });
}

export async function measureBackend(
  backend: string,
  device: string,
  options: BenchOptions,
  threads?: number,
): Promise<BackendBench> {
  const resnet = options.skipResNet50 ? undefined : await resnet50Timings(options);
  const cases = await smallCaseRate(options.caseSeconds, options.casesStartAt);
  return {
    backend,
    device,
    stepMs: resnet?.stepMs ?? null,
    predictMs: resnet?.predictMs ?? null,
    predictAfterStepMs: resnet?.predictAfterStepMs ?? null,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    casesPerSecond: cases.rate,
    ...(cases.lateMs !== undefined ? { casesLateMs: cases.lateMs } : {}),
    ...(options.skipResNet50 ? { skipped: options.skipResNet50 } : {}),
    ...(threads !== undefined ? { threads } : {}),
    ...(resnet?.profile ? { profile: resnet.profile } : {}),
  };
}
