#!/usr/bin/env -S npx tsx
// `npm run repro`: the seed case end to end. A ResNet50 (197x197x1, 3 classes) overfits three images
// for 5 epochs, then predict(), evaluate() and a training-mode evaluation; then the same with BN
// momentum 0.01 for 20 epochs. Prints it the way Keras does and writes the whole record as JSON.
// It reports what happens; the claims about it are checked by the property suite.
import path from 'node:path';
import type { OptionSpec, ParsedOptions } from '../src/cli/options.js';
import { BACKEND_OPTION, kernelsOption, THREADS_OPTION } from '../src/cli/backend-options.js';
import { defineCommand, runCommand } from '../src/cli/command.js';
import { say } from '../src/cli/say.js';
import { checkClassLabels } from '../src/data/labels.js';
import { UsageError } from '../src/errors.js';
import { minInputSize } from '../src/models/min-size.js';
import { DEFAULT_IMAGES_DIR } from '../src/settings.js';
import { findNormSpecFile, normSpecChoices } from '../src/norm/registry.js';
import { SEED_EXPERIMENT_DEFAULTS as D, type SeedExperimentConfig } from '../src/experiment/seed-config.js';
import { epochHeader, epochLine, evaluateList, numpyMatrix } from '../src/report/keras-log.js';
import { runStory } from '../src/report/run-story.js';

export const REPRO_OPTIONS: OptionSpec[] = [
  {
    name: 'images',
    type: 'string',
    placeholder: 'DIR',
    description: 'Folder of training images, one class per image in sorted order',
    default: DEFAULT_IMAGES_DIR,
  },
  {
    name: 'norm',
    type: 'string',
    placeholder: 'LAYER',
    description: 'Normalization layer in the ResNet, a spec of src/norm/specs',
    default: 'batch-norm',
    // Listed leniently: a broken NORMPROP_NORM_SPECS folder is said by the run only if --norm needs it.
    choices: normSpecChoices(),
  },
  BACKEND_OPTION,
  THREADS_OPTION,
  kernelsOption('normprop', 'a ResNet50 run, accelerated'),
  {
    name: 'epochs',
    type: 'integer',
    placeholder: 'N',
    description: "Epochs of the question's run",
    default: D.epochs,
    min: 1,
    max: 100000,
  },
  {
    name: 'momentum',
    type: 'number',
    placeholder: 'M',
    description: "BN momentum of the question's run",
    default: D.momentum,
    min: 0,
    max: 1,
  },
  {
    name: 'fix-epochs',
    type: 'integer',
    placeholder: 'N',
    description: "Epochs of the answer's run (0 skips it)",
    default: D.fixEpochs,
    min: 0,
    max: 100000,
  },
  {
    name: 'fix-momentum',
    type: 'number',
    placeholder: 'M',
    description: "BN momentum of the answer's run",
    default: D.fixMomentum,
    min: 0,
    max: 1,
  },
  {
    name: 'size',
    type: 'integer',
    placeholder: 'N',
    description: 'Images are resized to N x N',
    default: 197,
    min: 8,
    max: 1024,
  },
  {
    name: 'stages',
    type: 'integer-list',
    placeholder: 'LIST',
    description: 'Bottleneck blocks per stage (3,4,6,3 is ResNet50)',
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
    name: 'lr',
    type: 'number',
    placeholder: 'X',
    description: 'Adam learning rate',
    default: D.learningRate,
    min: 1e-12,
    max: 10,
  },
  {
    name: 'batch-size',
    type: 'integer',
    placeholder: 'N',
    description: 'Batch size of fit, predict and evaluate',
    default: D.batchSize,
    min: 1,
    max: 100000,
  },
  {
    name: 'seed',
    type: 'integer',
    placeholder: 'N',
    description: 'Seed of the weights and the shuffling',
    default: D.seed,
    min: 0,
    max: 2 ** 31 - 1,
  },
  {
    name: 'scale',
    type: 'string',
    placeholder: 'MODE',
    description: 'Pixel values: raw 0..255 like the seed, or unit 0..1',
    default: 'raw',
    choices: ['raw', 'unit'],
  },
  {
    name: 'labels',
    type: 'integer-list',
    placeholder: 'LIST',
    description: 'Class of each image in sorted file order (default: image i is class i)',
    min: 0,
    max: 999,
  },
  {
    name: 'json',
    type: 'string',
    placeholder: 'FILE',
    description: 'Where the JSON record goes',
    default: 'reports/repro.json',
  },
  {
    name: 'precise-bn',
    type: 'boolean',
    description:
      "After the question's run, recompute the BN statistics with the final weights (PreciseBN) and show predict() again (RB1)",
  },
  { name: 'quiet', type: 'boolean', description: 'Print only the summary' },
  {
    name: 'verbose',
    type: 'boolean',
    description: 'Also list the hidden entries of the images folder (skipped) and the backends auto passed over',
  },
];

async function reproduce(o: ParsedOptions): Promise<number> {
  // Cross-flag checks answer at once, not after the images and TF.js have loaded.
  const stages = o.stages as number[];
  if ((o.size as number) < minInputSize(stages.length)) {
    throw new UsageError(
      `--size: ${o.size} is below ${minInputSize(stages.length)}, the least a ResNet of ${stages.length} stages (--stages ${stages.join(',')}) can take`,
    );
  }
  if (o.labels !== undefined) checkClassLabels(o.labels as number[]);
  // zx parses process.argv when it is imported, and its minimist breaks on flag names such as
  // --constructor: it is imported only once parseOptions has accepted every flag.
  const { chalk } = await import('zx');
  const verbose = !o.quiet;
  const config: SeedExperimentConfig = {
    ...D,
    stages: o.stages as number[],
    width: o.width as number,
    epochs: o.epochs as number,
    momentum: o.momentum as number,
    fixEpochs: o['fix-epochs'] as number,
    fixMomentum: o['fix-momentum'] as number,
    learningRate: o.lr as number,
    batchSize: o['batch-size'] as number,
    seed: o.seed as number,
  };
  const started = performance.now();
  const imagesDir = path.resolve(o.images as string);
  const { listImageFolder } = await import('../src/data/image-folder.js');
  const { labelsForFolder } = await import('../src/data/labels.js');
  // The folder is listed once; checked before TF.js loads and images decode: a count mismatch is reported at once.
  const listing = await listImageFolder(imagesDir);
  if (o.verbose)
    for (const name of listing.hidden) say(chalk.dim(`  (skipped hidden entry ${path.join(imagesDir, name)})`));
  const labels = labelsForFolder(imagesDir, listing.files, o.labels as number[] | undefined);
  const { checkOutputs } = await import('../src/cli/output-flags.js');
  await checkOutputs('--json', [o.json as string], listing.files);
  // The layer's spec file is found before anything heavy loads (the spec itself is imported later).
  const specFile = findNormSpecFile(o.norm as string);
  if (o.labels !== undefined) config.labels = labels;
  // TF.js, the wasm module and sharp take seconds to load; --help and bad flags answer before that.
  const { backendRequestFrom, describeBackend, selectBackend } = await import('../src/backend/select.js');
  const { loadImageFiles } = await import('../src/data/images.js');
  const { refuseIdenticalImagesWithDifferentLabels } = await import('../src/data/identical-images.js');
  const { runSeedExperiment } = await import('../src/experiment/seed-experiment.js');
  const { reproRecord } = await import('../src/experiment/repro-record.js');
  const { loadNormSpecFile } = await import('../src/norm/registry.js');
  const { normLayerFactory } = await import('../src/norm/model-factory.js');
  const spec = await loadNormSpecFile(specFile);
  if (!spec.runningStatistics && config.fixEpochs > 0) {
    // The answer's run changes the momentum of running statistics this layer does not keep.
    say(chalk.dim(`(${spec.id} keeps no running statistics: the answer's momentum run is skipped)`));
    config.fixEpochs = 0;
  }
  const { writeJsonAtomic } = await import('../src/io/atomic-write.js');
  const { describeDivergence } = await import('../src/experiment/divergence.js');
  const { kernelSetFrom } = await import('../src/backend/kernel-set.js');
  const backend = await selectBackend(backendRequestFrom(o.backend as string | undefined), {
    threads: o.threads as number | undefined,
    kernels: kernelSetFrom(o.kernels as string | undefined, 'normprop'),
  });
  say(chalk.dim(describeBackend(backend)));
  // Optional backends that are not installed are the normal case: named only when asked (--verbose, or --backend auto).
  if (backend.skipped.length && (o.verbose || o.backend === 'auto'))
    say(chalk.dim(`  (auto skipped ${backend.skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')})`));
  const batch = await loadImageFiles(listing.files, { size: o.size as number, scale: o.scale as 'raw' | 'unit' });
  const pixelsPerImage = (o.size as number) ** 2;
  refuseIdenticalImagesWithDifferentLabels(
    batch.files,
    batch.files.map((_, i) => batch.pixels.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage)),
    labels,
  );
  say(
    chalk.dim(
      `images: ${batch.files.map((f) => path.basename(f)).join(', ')} -> ${batch.shape.join('x')}, labels = ${o.labels ? `[${labels.join(', ')}]` : 'identity'}`,
    ),
  );

  const n = batch.shape[0];
  const { progress } = await import('../src/cli/progress.js');
  const bar = progress('[repro]', config.epochs + config.fixEpochs, { quiet: Boolean(o.quiet) });
  const { preciseBnPredict } = await import('../src/experiment/precise-bn.js');
  let afterPreciseBn: { predict: number[][]; classes: number[] } | undefined;
  const result = await runSeedExperiment(
    batch,
    config,
    {
      onRunStart: (label, momentum, epochs) => {
        bar.line('');
        const layer = spec.runningStatistics ? `${spec.title} momentum=${momentum}` : spec.title;
        bar.line(
          chalk.bold(`${label === 'run' ? "The question's run" : "The answer's run"}: fit(epochs=${epochs}), ${layer}`),
        );
      },
      // The remedy beside the collapse: the same trained model, its BN statistics recomputed with its final weights.
      onModelTrained: async (label, model, x) => {
        if (label === 'run' && o['precise-bn'] && spec.runningStatistics)
          afterPreciseBn = await preciseBnPredict(model, x, config.batchSize);
      },
      onEpochStart: (epoch, epochs) => verbose && bar.line(epochHeader(epoch, epochs)),
      onEpochEnd: (record, epochs) => {
        if (verbose) bar.line(epochLine(record, n));
        bar.tick(`epoch ${record.epoch}/${epochs}`);
      },
    },
    normLayerFactory(spec),
  );
  bar.done();
  const wallSeconds = (performance.now() - started) / 1000;
  const record = reproRecord({
    backend,
    config,
    norm: spec.id,
    batch,
    imagesDir,
    scale: o.scale as string,
    result,
    wallSeconds,
  });

  say();
  say(
    `${record.model} with ${spec.title}: ${record.params.toLocaleString('en-US')} parameters, backend ${record.backend}`,
  );
  for (const [title, run] of [
    ["question's run", record.runs.question],
    ["answer's run", record.runs.answer],
  ] as const) {
    if (!run) continue;
    const last = run.epochs[run.epochs.length - 1];
    say();
    say(
      chalk.bold(`${title} (${spec.runningStatistics ? `momentum ${run.momentum}, ` : ''}${run.epochs.length} epochs)`),
    );
    say(`last fit() epoch:           loss ${last.loss.toPrecision(5)}  acc ${last.acc.toFixed(4)}`);
    say(`model.predict(imgs):`);
    say(numpyMatrix(run.predict));
    say(`predicted classes:          [${run.predictedClasses.join(', ')}]   (labels [${record.labels.join(', ')}])`);
    say(`model.evaluate(imgs, y):    ${evaluateList(run.evaluate)}`);
    say(`training-mode evaluate:     ${evaluateList(run.trainingModeEvaluate)}`);
    if (run === record.runs.question && afterPreciseBn) {
      say(chalk.bold('after PreciseBN (BN statistics recomputed with the final weights, the same model):'));
      say(numpyMatrix(afterPreciseBn.predict));
      say(
        `predicted classes:          [${afterPreciseBn.classes.join(', ')}]   (labels [${record.labels.join(', ')}])`,
      );
    }
    if (run.divergence)
      say(chalk.red(`DIVERGED: ${describeDivergence(run.divergence)}; the figures above are not numbers to trust`));
    else say(chalk.bold(`what happened: ${runStory(run, record.labels)}`));
  }
  await writeJsonAtomic(o.json as string, record);
  say();
  say(`wall time ${wallSeconds.toFixed(1)} s; record written to ${o.json}`);
  return 0;
}

await runCommand(
  defineCommand({
    name: 'repro',
    usage: 'npm run repro -- [options]',
    summary: 'Reproduces the seed case: fit() says accuracy 1.0, predict() gives one class for all.',
    options: REPRO_OPTIONS,
    run: reproduce,
  }),
);
