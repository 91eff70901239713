#!/usr/bin/env -S npx tsx
// `npm run golden:update`: reruns the canonical experiments and rewrites the goldens that fail
// (or are missing); `-- --all` rewrites every one. Each rewrite is printed with what changed;
// nothing is overwritten silently, and writes are atomic.
import type { OptionSpec, ParsedOptions } from '../src/cli/options.js';
import { BACKEND_OPTION, kernelsOption, THREADS_OPTION } from '../src/cli/backend-options.js';
import { defineCommand, runCommand } from '../src/cli/command.js';
import { say } from '../src/cli/say.js';
import { InputError, UsageError } from '../src/errors.js';

const OPTIONS: OptionSpec[] = [
  { name: 'all', type: 'boolean', description: 'Rewrite every golden, passing ones too' },
  {
    name: 'only',
    type: 'string',
    placeholder: 'NAMES',
    description: 'Comma-separated golden names (default: all canonical experiments)',
  },
  BACKEND_OPTION,
  THREADS_OPTION,
  kernelsOption('normprop', 'the goldens, the ResNet50 seed case among them, are recorded accelerated'),
  { name: 'list', type: 'boolean', description: 'List the canonical experiments and exit' },
  {
    name: 'replace-invalid',
    type: 'boolean',
    description:
      'Replace a golden that is invalid (unreadable, ragged, edited by hand) or lacks fields; without it such a golden is refused',
  },
];

async function updateGoldens(o: ParsedOptions): Promise<number> {
  const { CANONICAL_EXPERIMENTS, canonicalByName, runCanonicalExperiment } =
    await import('../src/experiment/canonical-experiments.js');
  if (o.list) {
    for (const e of CANONICAL_EXPERIMENTS) say(`${e.name}: ${e.description}`);
    return 0;
  }
  let experiments = CANONICAL_EXPERIMENTS;
  if (o.only) {
    try {
      experiments = String(o.only)
        .split(',')
        .map((n) => canonicalByName(n.trim()));
    } catch (error) {
      throw new UsageError(`--only: ${(error as Error).message}`);
    }
  }
  if (!o['replace-invalid']) {
    // An invalid golden is refused before minutes of training, not after.
    const { readGolden } = await import('../src/golden/store.js');
    for (const experiment of experiments) {
      await readGolden(experiment.name).catch((error: Error) => {
        throw new InputError(`${error.message} (npm run golden:update -- --replace-invalid replaces it)`);
      });
    }
  }
  const { backendRequestFrom, describeBackend, selectBackend } = await import('../src/backend/select.js');
  const { checkGolden } = await import('../src/golden/check.js');
  const { canonicalRecord } = await import('../src/golden/canonical-record.js');
  const { kernelSetFrom } = await import('../src/backend/kernel-set.js');
  const backend = await selectBackend(backendRequestFrom(o.backend as string | undefined), {
    threads: o.threads as number | undefined,
    kernels: kernelSetFrom(o.kernels as string | undefined, 'normprop'),
  });
  say(describeBackend(backend));
  const { progress } = await import('../src/cli/progress.js');
  const mode = o.all ? 'update-all' : 'update-failing';
  let updated = 0;
  // Progress counts training epochs, the unit of work (the ResNet50 seed case has 25 of them).
  const bar = progress(
    '[golden]',
    experiments.reduce((n, e) => n + e.config.epochs + e.config.fixEpochs, 0),
  );
  for (const experiment of experiments) {
    const started = performance.now();
    bar.line(`[golden] ${experiment.name}: running ...`);
    const onEpochEnd = (record: { epoch: number }, epochs: number) =>
      bar.tick(`${experiment.name} epoch ${record.epoch}/${epochs}`);
    const obtained = canonicalRecord(experiment, await runCanonicalExperiment(experiment, { onEpochEnd }), backend);
    const outcome = await checkGolden(obtained, mode, undefined, { replaceInvalid: Boolean(o['replace-invalid']) });
    if (outcome.status === 'updated') updated++;
    bar.line(
      `[golden] ${experiment.name}: ${outcome.status === 'updated' ? outcome.message : 'passes, left as it is'} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  bar.done();
  say(
    `${updated} golden(s) rewritten, ${experiments.length - updated} left untouched. Review with git diff golden/ before committing.`,
  );
  return 0;
}

await runCommand(
  defineCommand({
    name: 'golden update',
    usage: 'npm run golden:update -- [options]',
    summary: 'Rewrites failing (or, with --all, every) golden from a fresh run of its canonical experiment.',
    options: OPTIONS,
    run: updateGoldens,
  }),
);
