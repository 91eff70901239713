#!/usr/bin/env -S npx tsx
// `npm run bench`: the speed and memory figures, never a timed test. For every backend that loads:
// ResNet50 (197x197x1, batch 3, Adam) training-step time after warm-up, predict time, peak memory,
// and the rate of small-ResNet property cases; and, when python3 has torch, the same ResNet50 step in
// PyTorch (Keras-like layout, 2 threads) in the same run, so the ratio is measured side by side.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { BACKEND_NAMES } from '../src/backend/candidates.js';
import os from 'node:os';
import { parseThreads } from '../src/backend/wasm-threads.js';
import { semiSpaceFlag, WORKER_SEMI_SPACE_MB } from '../src/backend/core-layout.js';
import type { BackendBench, BenchOptions, KernelShare } from '../src/bench/measure-backend.js';
import { spread, type Spread } from '../src/stats/spread.js';
import type { OptionSpec, ParsedOptions } from '../src/cli/options.js';
import { kernelSetFrom } from '../src/backend/kernel-set-choice.js';
import { describeKernels } from '../src/backend/kernel-provenance.js';
import { BACKEND_OPTION, kernelsOption } from '../src/cli/backend-options.js';
import { defineCommand, runCommand } from '../src/cli/command.js';
import { say } from '../src/cli/say.js';
import { UsageError } from '../src/errors.js';
import { writeJsonAtomic } from '../src/io/atomic-write.js';
import { PROJECT_ROOT as root } from '../src/settings.js';

const run = promisify(execFile);

const OPTIONS: OptionSpec[] = [
  {
    name: 'backends',
    type: 'string',
    placeholder: 'LIST',
    description: `Backends to measure, comma-separated (default: ${BACKEND_NAMES.join(',')}, webgpu only on a real GPU; named here, a software adapter is timed too)`,
  },
  {
    ...BACKEND_OPTION,
    description: 'Measure this one backend only (the flag the other commands use; same as --backends NAME)',
    choices: BACKEND_NAMES,
  },
  {
    name: 'steps',
    type: 'integer',
    placeholder: 'N',
    description: 'Timed ResNet50 training steps',
    default: 5,
    min: 1,
    max: 1000,
  },
  {
    name: 'warmup',
    type: 'integer',
    placeholder: 'N',
    description: 'Untimed warm-up steps',
    default: 2,
    min: 0,
    max: 100,
  },
  {
    name: 'size',
    type: 'integer',
    placeholder: 'N',
    description: 'Input size of the ResNet50',
    default: 197,
    min: 33,
    max: 512,
  },
  {
    name: 'case-seconds',
    type: 'number',
    placeholder: 'S',
    description: 'Seconds spent counting small-ResNet cases',
    default: 10,
    min: 1,
    max: 3600,
  },
  {
    name: 'threads',
    type: 'string',
    placeholder: 'LIST',
    description: 'wasm thread counts to measure side by side, comma-separated (default: 1 and every core)',
  },
  {
    name: 'layouts',
    type: 'string',
    placeholder: 'LIST',
    description:
      "Small-case throughput side by side per layout PxT[@MB] (P processes of T wasm threads at once; @MB: V8 semi-space size), comma-separated, or none (default: 1xCORES,CORESx1,CORESx1@64, vitest's default layout then npm test's)",
  },
  {
    name: 'layout-rounds',
    type: 'integer',
    placeholder: 'N',
    description: 'Rounds of the layouts, alternating, so each is measured in the same stretch of time',
    default: 3,
    min: 1,
    max: 20,
  },
  kernelsOption('normprop', 'the accelerated kernels are what bench times; --kernels stock times tfjs as installed'),
  { name: 'profile', type: 'boolean', description: 'Also profile one training step kernel by kernel (ms per kernel)' },
  { name: 'include-slow', type: 'boolean', description: 'Also time ResNet50 on the cpu backend (minutes per step)' },
  {
    name: 'torch',
    type: 'boolean',
    description: 'Run the PyTorch side (use --no-torch to skip)',
    default: true,
    negatable: true,
  },
  {
    name: 'python',
    type: 'string',
    placeholder: 'PATH',
    description: 'Python with torch (default: /usr/bin/python3, then python3)',
  },
  {
    name: 'json',
    type: 'string',
    placeholder: 'FILE',
    description: 'Where the results go',
    default: 'reports/bench.json',
  },
];

interface TorchBench {
  torch: string;
  threads: number;
  stepMs: Spread;
  predictMs: number;
}

async function benchBackend(
  name: string,
  options: BenchOptions,
  nodeFlags: string[] = [],
): Promise<BackendBench | { backend: string; error: string }> {
  try {
    const { stdout } = await run(
      process.execPath,
      [...nodeFlags, '--import', 'tsx', 'scripts/bench-backend.ts', name, JSON.stringify(options)],
      {
        cwd: root,
        maxBuffer: 16 << 20,
      },
    );
    return JSON.parse(stdout.trim().split('\n').pop()!) as BackendBench;
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    return {
      backend: name,
      error: (e.stderr || e.message)
        .trim()
        .split('\n')[0]
        .replace(/^normprop: /, ''),
    };
  }
}

async function findTorchPython(explicit: string | undefined): Promise<string | undefined> {
  for (const python of explicit ? [explicit] : ['/usr/bin/python3', 'python3']) {
    try {
      await run(python, ['-c', 'import torch']);
      return python;
    } catch {
      /* try the next */
    }
  }
  return undefined;
}

async function benchTorch(python: string, o: BenchOptions): Promise<TorchBench> {
  const args = [
    'scripts/bench-torch.py',
    '--size',
    String(o.size),
    '--steps',
    String(o.steps),
    '--warmup',
    String(o.warmupSteps),
    '--threads',
    '2',
  ];
  const { stdout } = await run(python, args, { cwd: root, maxBuffer: 16 << 20 });
  return JSON.parse(stdout) as TorchBench;
}

function wasmThreadCounts(flag: string | undefined): number[] {
  if (flag === undefined) return [...new Set([1, os.availableParallelism()])];
  return [...new Set(flag.split(',').map((part) => parseThreads(part, '--threads')))];
}

/** P processes of T wasm threads each, running small cases at the same time (as vitest's workers do). */
interface Layout {
  processes: number;
  threads: number;
  /** V8 semi-space MB (node's --max-semi-space-size); node's default when absent. */
  semiSpaceMb?: number;
}

function layoutsFrom(flag: string | undefined): Layout[] {
  const cores = os.availableParallelism();
  if (flag === 'none') return [];
  // vitest's default layout on these cores, then npm test's without and with its young-generation size.
  if (flag === undefined)
    return cores > 1
      ? [
          { processes: 1, threads: cores },
          { processes: cores, threads: 1 },
          { processes: cores, threads: 1, semiSpaceMb: WORKER_SEMI_SPACE_MB },
        ]
      : [];
  return flag.split(',').map((part) => {
    const m = /^\s*(\d+)x(\d+)(?:@(\d+))?\s*$/.exec(part);
    if (
      !m ||
      Number(m[1]) < 1 ||
      Number(m[1]) > 64 ||
      (m[3] !== undefined && !(Number(m[3]) >= 1 && Number(m[3]) <= 1024))
    )
      throw new UsageError(
        `--layouts: "${part}" is not PxT or PxT@MB (processes x threads, optionally V8 semi-space MB 1-1024, e.g. 2x1@64)`,
      );
    return {
      processes: Number(m[1]),
      threads: parseThreads(m[2], '--layouts'),
      ...(m[3] !== undefined ? { semiSpaceMb: Number(m[3]) } : {}),
    };
  });
}

const layoutLabel = (l: Layout) =>
  `${l.processes}x${l.threads}${l.semiSpaceMb === undefined ? '' : `@${l.semiSpaceMb}`}`;

// Time for every process of a layout to load tfjs and run its warm-up case before the windows open.
const LAYOUT_LEAD_MS = 15_000;

/** Small cases per second summed over a layout's processes, their counting windows opened together. */
async function layoutRate(
  layout: Layout,
  base: BenchOptions,
): Promise<{ rate: number; lateMs: number } | { error: string }> {
  const casesStartAt = Date.now() + LAYOUT_LEAD_MS;
  const options = { ...base, skipResNet50: 'layout run: small cases only', threads: layout.threads, casesStartAt };
  const flags = layout.semiSpaceMb === undefined ? [] : [semiSpaceFlag(layout.semiSpaceMb)];
  const results = await Promise.all(
    Array.from({ length: layout.processes }, () => benchBackend('wasm', options, flags)),
  );
  const failed = results.find((r) => 'error' in r);
  if (failed && 'error' in failed) return { error: failed.error };
  const ok = results as BackendBench[];
  return {
    rate: ok.reduce((sum, r) => sum + r.casesPerSecond, 0),
    lateMs: Math.max(...ok.map((r) => r.casesLateMs ?? 0)),
  };
}

const labelOf = (backend: string, threads?: number) =>
  threads === undefined ? backend : `${backend} (${threads} thread${threads === 1 ? '' : 's'})`;

/** The kernels that make up one training step, largest first, with their share of the kernel time. */
function sayProfile(label: string, kernels: KernelShare[]): void {
  const total = kernels.reduce((sum, k) => sum + k.ms, 0);
  say();
  say(`Kernel profile of one ResNet50 training step, ${label}: ${ms(total)} in kernels`);
  say('| kernel | calls | time | share |');
  say('| --- | --- | --- | --- |');
  for (const k of kernels.filter((k) => k.ms >= total * 0.005))
    say(`| ${k.kernel} | ${k.calls} | ${ms(k.ms)} | ${((100 * k.ms) / total).toFixed(1)}% |`);
  const rest = kernels.filter((k) => k.ms < total * 0.005);
  if (rest.length)
    say(
      `| ${rest.length} others | ${rest.reduce((n, k) => n + k.calls, 0)} | ${ms(rest.reduce((n, k) => n + k.ms, 0))} | each < 0.5% |`,
    );
}

/** Aggregate small-case rate per layout, rounds side by side, and each layout against the first. */
function sayLayouts(
  runs: { layout: string; rates: number[]; lateMs: number[]; error?: string }[],
  seconds: number,
): void {
  const median = (v: number[]) => spread(v).median;
  say();
  say(
    `Small-case throughput by layout: P processes x T wasm threads at once (@MB: V8 semi-space size), cases/s summed over the processes (${seconds} s windows opened together; rounds alternate the layouts)`,
  );
  say('| layout | cases/s per round | median | vs ' + runs[0].layout + ' |');
  say('| --- | --- | --- | --- |');
  const first = runs[0].rates.length ? median(runs[0].rates) : undefined;
  for (const r of runs) {
    if (r.error) {
      say(`| ${r.layout} | not measured (${r.error}) | - | - |`);
      continue;
    }
    const m = median(r.rates);
    say(
      `| ${r.layout} | ${r.rates.map((v) => v.toFixed(1)).join(', ')} | ${m.toFixed(1)} | ${first ? (m / first).toFixed(2) + 'x' : '-'} |`,
    );
  }
  const late = Math.max(0, ...runs.flatMap((r) => r.lateMs));
  if (late > 0)
    say(
      `(a window opened up to ${(late / 1000).toFixed(1)} s late: a process's warm-up ran past the start, so the windows overlapped only in part)`,
    );
}

const ms = (v: number | null | undefined) =>
  v == null ? '-' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`;

async function bench(o: ParsedOptions): Promise<number> {
  const named = (o.backend ?? o.backends) as string | undefined;
  const backends = (named ?? BACKEND_NAMES.join(',')).split(',').map((b) => b.trim());
  for (const b of backends)
    if (!(BACKEND_NAMES as readonly string[]).includes(b)) throw new UsageError(`--backends: unknown backend "${b}"`);
  // Checked before anything is measured: a typo here must not cost the minutes of the runs before it.
  const layouts = backends.includes('wasm') ? layoutsFrom(o.layouts as string | undefined) : [];
  const { checkOutputs } = await import('../src/cli/output-flags.js');
  await checkOutputs('--json', [o.json as string]);
  const base: BenchOptions = {
    size: o.size as number,
    warmupSteps: o.warmup as number,
    steps: o.steps as number,
    predictRuns: 3,
    caseSeconds: o['case-seconds'] as number,
    profile: Boolean(o.profile),
    kernels: kernelSetFrom(o.kernels as string | undefined, 'normprop'),
    // A software adapter (Mesa's lavapipe) takes minutes per ResNet50 step: timed only when asked for by name.
    realGpuOnly: named === undefined,
  };
  const threadCounts = wasmThreadCounts(o.threads as string | undefined);
  // wasm runs once per thread count; every other backend once.
  const runs = backends.flatMap((name): { name: string; threads?: number }[] =>
    name === 'wasm' ? threadCounts.map((threads) => ({ name, threads })) : [{ name, threads: undefined }],
  );

  const results: BackendBench[] = [];
  const notLoaded: { backend: string; error: string }[] = [];
  const { progress } = await import('../src/cli/progress.js');
  const bar = progress('[bench]', runs.length);
  for (const { name, threads } of runs) {
    const started = performance.now();
    const label = labelOf(name, threads);
    bar.line(`[bench] ${label}: measuring ...`);
    const skip =
      name === 'cpu' && !o['include-slow']
        ? 'ResNet50 skipped on cpu: minutes per step (use --include-slow)'
        : undefined;
    const result = await benchBackend(name, { ...base, skipResNet50: skip, ...(threads ? { threads } : {}) });
    if ('error' in result) {
      notLoaded.push(result);
      bar.line(`[bench] ${label}: not measured (${result.error})`);
    } else {
      results.push(result);
      bar.line(
        `[bench] ${label}: done in ${((performance.now() - started) / 1000).toFixed(0)} s, ${result.kernels ? describeKernels(result.kernels) : 'kernels: not recorded'}`,
      );
    }
    bar.tick(label);
  }
  bar.done();

  const layoutRuns: { layout: string; rates: number[]; lateMs: number[]; error?: string }[] = layouts.map((l) => ({
    layout: layoutLabel(l),
    rates: [],
    lateMs: [],
  }));
  for (let round = 1; round <= (o['layout-rounds'] as number) && layouts.length; round++) {
    for (const [i, layout] of layouts.entries()) {
      if (layoutRuns[i].error) continue;
      say(`[bench] small cases, layout ${layoutLabel(layout)}, round ${round}: measuring ...`);
      const r = await layoutRate(layout, base);
      if ('error' in r) layoutRuns[i].error = r.error;
      else {
        layoutRuns[i].rates.push(r.rate);
        layoutRuns[i].lateMs.push(r.lateMs);
      }
    }
  }

  let torch: TorchBench | undefined;
  let torchNote: string | undefined;
  if (o.torch) {
    const python = await findTorchPython(o.python as string | undefined);
    if (python) {
      say(`[bench] PyTorch (${python}): measuring ...`);
      torch = await benchTorch(python, base);
    } else {
      torchNote = 'no python3 with torch found (Debian: apt-get install python3-torch); ratio not measured';
      say(`[bench] ${torchNote}`);
    }
  }
  // The ratio is the fastest wasm configuration's, against PyTorch on the same cores in this run.
  const wasm = results
    .filter((r) => r.backend === 'wasm' && r.stepMs)
    .sort((a, b) => a.stepMs!.median - b.stepMs!.median)[0];
  const ratio = torch && wasm?.stepMs ? wasm.stepMs.median / torch.stepMs.median : undefined;

  say();
  say(
    `ResNet50 ${base.size}x${base.size}x1, batch 3, Adam; ${base.steps} timed steps after ${base.warmupSteps} warm-up`,
  );
  say('| backend | step median | step min | step max | predict after a step | predict | peak RSS | small cases/s |');
  say('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    say(
      `| ${labelOf(r.backend, r.threads)} | ${ms(r.stepMs?.median)} | ${ms(r.stepMs?.min)} | ${ms(r.stepMs?.max)} | ${ms(r.predictAfterStepMs)} | ${ms(r.predictMs)} | ${r.peakRssMb.toFixed(0)} MB | ${r.casesPerSecond.toFixed(2)} |`,
    );
  }
  if (torch)
    say(
      `| PyTorch ${torch.torch} (${torch.threads} threads) | ${ms(torch.stepMs.median)} | ${ms(torch.stepMs.min)} | ${ms(torch.stepMs.max)} | - | ${ms(torch.predictMs)} | - | - |`,
    );
  for (const n of notLoaded) say(`(${n.backend}: ${n.error})`);
  for (const r of results) if (r.skipped) say(`(${r.backend}: ${r.skipped})`);
  if (ratio !== undefined)
    say(
      `\nratio normprop ${labelOf(wasm!.backend, wasm!.threads)} / PyTorch, training step (medians): ${ratio.toFixed(2)}x`,
    );
  if (layoutRuns.length) sayLayouts(layoutRuns, base.caseSeconds);
  for (const r of results) if (r.profile) sayProfile(labelOf(r.backend, r.threads), r.profile);

  await writeJsonAtomic(o.json as string, {
    date: new Date().toISOString(),
    options: base,
    backends: results,
    notLoaded,
    ...(torch
      ? { torch: { version: torch.torch, threads: torch.threads, stepMs: torch.stepMs, predictMs: torch.predictMs } }
      : { torchNote }),
    ...(ratio !== undefined ? { ratio } : {}),
    ...(layoutRuns.length ? { smallCaseLayouts: layoutRuns } : {}),
  });
  say(`results written to ${o.json}`);
  return 0;
}

await runCommand(
  defineCommand({
    name: 'bench',
    usage: 'npm run bench -- [options]',
    summary: 'Times ResNet50 training on every backend that loads, next to PyTorch.',
    options: OPTIONS,
    run: bench,
  }),
);
