#!/usr/bin/env -S npx tsx
// `npm run measure:c10`: C10 as the seed means it, on the seed case itself. ResNet50 (197x197x1) trains on
// the shipped images, one full batch per epoch, predict() after every epoch, until predict() has been
// correct 20 epochs in a row; at each momentum given. Hours on a CPU: for machines with a GPU backend.
// The result, with its provenance, goes to --json (reports/c10-full-training.json).
import path from 'node:path';
import type { OptionSpec, ParsedOptions } from '../src/cli/options.js';
import { BACKEND_OPTION, kernelsOption, THREADS_OPTION } from '../src/cli/backend-options.js';
import { defineCommand, runCommand } from '../src/cli/command.js';
import { say } from '../src/cli/say.js';
import { DEFAULT_IMAGES_DIR } from '../src/settings.js';
import { SEED_EXPERIMENT_DEFAULTS as D } from '../src/experiment/seed-config.js';

const OPTIONS: OptionSpec[] = [
  {
    name: 'images',
    type: 'string',
    placeholder: 'DIR',
    description: 'Training images, image i is class i',
    default: DEFAULT_IMAGES_DIR,
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
    description: 'Give up after N epochs',
    default: 3000,
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
    name: 'json',
    type: 'string',
    placeholder: 'FILE',
    description: 'Where the record goes',
    default: 'reports/c10-full-training.json',
  },
];

async function measureC10(o: ParsedOptions): Promise<number> {
  const { backendRequestFrom, describeBackend, selectBackend } = await import('../src/backend/select.js');
  const { loadImageFolder } = await import('../src/data/images.js');
  const { refuseConflictingDuplicates } = await import('../src/data/distance.js');
  const { traceStaysCorrect } = await import('../src/experiment/stays-correct.js');
  const { writeJsonAtomic } = await import('../src/io/atomic-write.js');
  const { kernelSetFrom } = await import('../src/backend/kernel-set.js');
  const backend = await selectBackend(backendRequestFrom(o.backend as string | undefined), {
    threads: o.threads as number | undefined,
    kernels: kernelSetFrom(o.kernels as string | undefined, 'normprop'),
  });
  say(describeBackend(backend));
  const batch = await loadImageFolder(path.resolve(o.images as string), { size: o.size as number });
  refuseConflictingDuplicates(
    batch,
    batch.files.map((_, i) => i),
  );
  const model = {
    stages: o.stages as number[],
    width: o.width as number,
    normMomentum: o.momentum as number,
    normEpsilon: D.bnEpsilon,
    seed: o.seed as number,
  };
  const started = performance.now();
  const trace = await traceStaysCorrect(batch, model, {
    learningRate: D.learningRate,
    maxEpochs: o['max-epochs'] as number,
    window: o.window as number,
  });
  const seconds = (performance.now() - started) / 1000;
  const record = {
    claim: 'C10-momentum-099-needs-many-updates',
    trace,
    mToTheStableFrom: trace.stableFrom === null ? null : model.normMomentum ** trace.stableFrom,
    provenance: {
      backend: backend.name,
      kernels: backend.kernels,
      device: backend.device,
      tfjsVersion: backend.tfjsVersion,
      node: process.version,
      date: new Date().toISOString(),
      seconds,
      model,
      images: batch.files.map((f) => path.basename(f)),
      size: o.size,
    },
  };
  await writeJsonAtomic(o.json as string, record);
  say(
    `momentum ${model.normMomentum}: predict() ${trace.stableFrom === null ? `never stayed correct ${trace.window} epochs within ${trace.epochsRun}` : `stays correct from epoch ${trace.stableFrom} (m^k = ${record.mToTheStableFrom!.toPrecision(3)})`}; ${seconds.toFixed(0)} s; written to ${o.json}`,
  );
  return 0;
}

await runCommand(
  defineCommand({
    name: 'measure:c10',
    usage: 'npm run measure:c10 -- [options]',
    summary: 'C10 under full training: the first epoch from which predict() stays correct.',
    options: OPTIONS,
    run: measureC10,
  }),
);
