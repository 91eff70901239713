#!/usr/bin/env -S npx tsx
// `npm run soak`: many small experiments in one process (200 by default), sampling memory every 10.
// A measurement, not a timed test: it prints the growth of each quantity over the post-warm-up
// baseline and exits 1 if the resident memory grew by more than --max-rss-growth MB or a tensor was
// left behind. Run it with node's --expose-gc (the npm script does) so samples follow a collection.
import type { OptionSpec, ParsedOptions } from '../src/cli/options.js';
import { BACKEND_OPTION, THREADS_OPTION } from '../src/cli/backend-options.js';
import { defineCommand, runCommand } from '../src/cli/command.js';
import { say } from '../src/cli/say.js';

const OPTIONS: OptionSpec[] = [
  {
    name: 'runs',
    type: 'integer',
    placeholder: 'N',
    description: 'Experiments after the warm-up',
    default: 200,
    min: 1,
    max: 100000,
  },
  {
    name: 'warmup-runs',
    type: 'integer',
    placeholder: 'N',
    description: 'Experiments before the baseline sample',
    default: 10,
    min: 0,
    max: 1000,
  },
  BACKEND_OPTION,
  THREADS_OPTION,
  {
    name: 'max-rss-growth',
    type: 'number',
    placeholder: 'MB',
    description: 'Fail if resident memory grows more than this over the baseline',
    default: 64,
    min: 0,
    max: 100000,
  },
  {
    name: 'json',
    type: 'string',
    placeholder: 'FILE',
    description: 'Where the samples go',
    default: 'reports/memory-soak.json',
  },
];

async function soak(o: ParsedOptions): Promise<number> {
  const { checkOutputs } = await import('../src/cli/output-flags.js');
  await checkOutputs('--json', [o.json as string]);
  const { backendRequestFrom, describeBackend, selectBackend } = await import('../src/backend/select.js');
  const { memorySoak } = await import('../src/bench/memory-soak.js');
  const { writeJsonAtomic } = await import('../src/io/atomic-write.js');
  const backend = await selectBackend(backendRequestFrom(o.backend as string | undefined), {
    threads: o.threads as number | undefined,
  });
  say(describeBackend(backend));
  if (!globalThis.gc) say('note: run with node --expose-gc for samples after a collection');
  const fmt = (v: number) => v.toFixed(1);
  const result = await memorySoak(o.runs as number, o['warmup-runs'] as number, 10, (s) =>
    say(
      `run ${String(s.run).padStart(5)}: rss ${fmt(s.rssMb)} MB, js heap ${fmt(s.heapUsedMb)} MB, wasm heap ${fmt(s.wasmHeapMb)} MB, tensors ${s.numTensors}, tf bytes ${s.tfBytes}`,
    ),
  );
  const g = result.growth;
  say();
  say(`${result.runs} experiments after ${result.warmUpRuns} warm-up ones, ${result.secondsPerRun.toFixed(2)} s each`);
  say(
    `baseline: rss ${fmt(result.baseline.rssMb)} MB, js heap ${fmt(result.baseline.heapUsedMb)} MB, wasm heap ${fmt(result.baseline.wasmHeapMb)} MB, tensors ${result.baseline.numTensors}`,
  );
  say(
    `largest growth over it: rss ${fmt(g.rssMb)} MB, js heap ${fmt(g.heapUsedMb)} MB, wasm heap ${fmt(g.wasmHeapMb)} MB, tensors ${g.numTensors}, tf bytes ${g.tfBytes}`,
  );
  await writeJsonAtomic(o.json as string, { backend: backend.name, ...result });
  const bound = o['max-rss-growth'] as number;
  if (g.numTensors > 0 || g.rssMb > bound) {
    say(
      `FAIL: ${g.numTensors > 0 ? `${g.numTensors} tensor(s) left behind` : `resident memory grew ${fmt(g.rssMb)} MB, over the bound of ${bound} MB`}`,
    );
    return 1;
  }
  say(`ok: no tensor left behind, resident memory within ${bound} MB of the baseline`);
  return 0;
}

await runCommand(
  defineCommand({
    name: 'soak',
    usage: 'npm run soak -- [options]',
    summary: 'Runs many small experiments in one process and reports whether memory grows with their number.',
    options: OPTIONS,
    exitCodes: { finding: 'resident memory grew over --max-rss-growth or a tensor was left behind' },
    run: soak,
  }),
);
