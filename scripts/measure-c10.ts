#!/usr/bin/env -S npx tsx
// `npm run measure:c10`: C10 as the seed means it, on the seed case itself. ResNet50 (197x197x1) trains on
// the shipped images (or generated ones), one full batch per epoch, predict() after every epoch, until
// predict() has been right 20 epochs in a row or --max-epochs have run; one momentum per command. Each
// epoch is appended to the run's record (measurements/c10-resnet50/RUN.jsonl, with provenance) as it
// ends, and the training state is checkpointed, so the same command carries an interrupted run on.
// C10's ledger row reads these records (src/claims/c10-resnet50.ts). About an hour per 1000 epochs here.
import path from 'node:path';
import type { OptionSpec, ParsedOptions } from '../src/cli/options.js';
import { BACKEND_OPTION, kernelsOption, THREADS_OPTION } from '../src/cli/backend-options.js';
import { defineCommand, runCommand } from '../src/cli/command.js';
import { say } from '../src/cli/say.js';
import { C10_CHECKPOINTS_DIR, C10_RECORDS_DIR, DEFAULT_IMAGES_DIR } from '../src/settings.js';
import { SEED_EXPERIMENT_DEFAULTS as D } from '../src/experiment/seed-config.js';

const OPTIONS: OptionSpec[] = [
  {
    name: 'images',
    type: 'string',
    placeholder: 'DIR',
    description: 'Training images, image i is class i',
    default: DEFAULT_IMAGES_DIR,
  },
  {
    name: 'generated',
    type: 'integer',
    placeholder: 'SEED',
    description:
      'Train on 3 generated images (drawn with this seed, rendered and decoded through sharp) instead of --images',
    min: 0,
    max: 2 ** 31 - 1,
  },
  BACKEND_OPTION,
  THREADS_OPTION,
  kernelsOption('normprop', 'a long measurement, accelerated'),
  {
    name: 'momentum',
    type: 'number',
    placeholder: 'M',
    description: 'BN momentum (repeat the command for others)',
    default: 0.99,
    min: 0,
    max: 1,
  },
  {
    name: 'max-epochs',
    type: 'integer',
    placeholder: 'N',
    description: 'Give up after N epochs (a later command with a larger N carries the run on)',
    default: 1000,
    min: 1,
    max: 1000000,
  },
  {
    name: 'window',
    type: 'integer',
    placeholder: 'N',
    description: 'Epochs in a row predict() must stay correct',
    default: 20,
    min: 1,
    max: 10000,
  },
  {
    name: 'size',
    type: 'integer',
    placeholder: 'N',
    description: 'Images resized to N x N',
    default: 197,
    min: 8,
    max: 1024,
  },
  {
    name: 'stages',
    type: 'integer-list',
    placeholder: 'LIST',
    description: 'Blocks per stage (3,4,6,3 is ResNet50)',
    default: D.stages,
    min: 1,
    max: 64,
  },
  {
    name: 'width',
    type: 'integer',
    placeholder: 'N',
    description: 'Filters of the first stage (64 in ResNet50)',
    default: D.width,
    min: 1,
    max: 1024,
  },
  {
    name: 'seed',
    type: 'integer',
    placeholder: 'N',
    description: 'Seed of the weights',
    default: D.seed,
    min: 0,
    max: 2 ** 31 - 1,
  },
  {
    name: 'records',
    type: 'string',
    placeholder: 'DIR',
    description: 'Where the run records go (RUN.jsonl; committed: the ledger reads them)',
    default: C10_RECORDS_DIR,
  },
  {
    name: 'checkpoints',
    type: 'string',
    placeholder: 'DIR',
    description: 'Where the training states go (about 300 MB per ResNet50 run; not committed)',
    default: C10_CHECKPOINTS_DIR,
  },
  {
    name: 'checkpoint-every',
    type: 'integer',
    placeholder: 'N',
    description: 'Epochs between checkpoints',
    default: 25,
    min: 1,
    max: 100000,
  },
];

async function measureC10(o: ParsedOptions): Promise<number> {
  const { measureLongRun } = await import('../src/experiment/long-run-command.js');
  return measureLongRun({
    images:
      o.generated === undefined ? { folder: path.resolve(o.images as string) } : { generated: o.generated as number },
    backend: o.backend as string | undefined,
    threads: o.threads as number | undefined,
    kernels: o.kernels as string | undefined,
    momentum: o.momentum as number,
    maxEpochs: o['max-epochs'] as number,
    window: o.window as number,
    size: o.size as number,
    stages: o.stages as number[],
    width: o.width as number,
    seed: o.seed as number,
    recordsDir: o.records as string,
    checkpointsDir: o.checkpoints as string,
    checkpointEvery: o['checkpoint-every'] as number,
    log: (line) => say(line),
  });
}

await runCommand(
  defineCommand({
    name: 'measure:c10',
    usage: 'npm run measure:c10 -- [options]',
    summary: 'C10 under full training: the first epoch from which predict() stays correct, stored epoch by epoch.',
    options: OPTIONS,
    run: measureC10,
  }),
);
