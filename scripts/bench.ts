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
import type { BackendBench, BenchOptions, KernelShare } from '../src/bench/measure-backend.js';
import type { Spread } from '../src/stats/spread.js';
import type { OptionSpec, ParsedOptions } from '../src/cli/options.js';
import { BACKEND_OPTION } from '../src/cli/backend-options.js';
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
    description: 'Backends to measure, comma-separated',
    default: BACKEND_NAMES.join(','),
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
): Promise<BackendBench | { backend: string; error: string }> {
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/bench-backend.ts', name, JSON.stringify(options)],
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

const ms = (v: number | null | undefined) =>
  v == null ? '-' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(0)} ms`;

async function bench(o: ParsedOptions): Promise<number> {
  const backends = String(o.backend ?? o.backends)
    .split(',')
    .map((b) => b.trim());
  for (const b of backends)
    if (!(BACKEND_NAMES as readonly string[]).includes(b)) throw new UsageError(`--backends: unknown backend "${b}"`);
  const { checkOutputs } = await import('../src/cli/output-flags.js');
  await checkOutputs('--json', [o.json as string]);
  const base: BenchOptions = {
    size: o.size as number,
    warmupSteps: o.warmup as number,
    steps: o.steps as number,
    predictRuns: 3,
    caseSeconds: o['case-seconds'] as number,
    profile: Boolean(o.profile),
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
      bar.line(`[bench] ${label}: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    bar.tick(label);
  }
  bar.done();

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
  say('| backend | step median | step min | step max | predict | peak RSS | small cases/s |');
  say('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    say(
      `| ${labelOf(r.backend, r.threads)} | ${ms(r.stepMs?.median)} | ${ms(r.stepMs?.min)} | ${ms(r.stepMs?.max)} | ${ms(r.predictMs)} | ${r.peakRssMb.toFixed(0)} MB | ${r.casesPerSecond.toFixed(2)} |`,
    );
  }
  if (torch)
    say(
      `| PyTorch ${torch.torch} (${torch.threads} threads) | ${ms(torch.stepMs.median)} | ${ms(torch.stepMs.min)} | ${ms(torch.stepMs.max)} | ${ms(torch.predictMs)} | - | - |`,
    );
  for (const n of notLoaded) say(`(${n.backend}: ${n.error})`);
  for (const r of results) if (r.skipped) say(`(${r.backend}: ${r.skipped})`);
  if (ratio !== undefined)
    say(
      `\nratio normprop ${labelOf(wasm!.backend, wasm!.threads)} / PyTorch, training step (medians): ${ratio.toFixed(2)}x`,
    );
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
