// Reliability laws over generated experiments: the same seed gives the same trace on the same
// backend, and no experiment kind leaves a tensor behind.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  experimentKind,
  reliabilityCase,
  type ExperimentKind,
  type ReliabilityCase,
} from '../src/arbitraries/experiment-kinds.js';
import { overfitSettings } from '../src/arbitraries/dataset-cases.js';
import { determinismOf } from '../src/backend/determinism.js';
import { selectBackend } from '../src/backend/select.js';
import { traceFrozenUpdates } from '../src/experiment/frozen-updates.js';
import { inferenceAroundUpdates, traceNormLayer } from '../src/experiment/norm-layer-trace.js';
import { activationSummaries, batchNormSummaries } from '../src/experiment/model-summaries.js';
import { runOverfit } from '../src/experiment/overfit.js';
import { runSeedExperiment } from '../src/experiment/seed-experiment.js';
import batchNorm from '../src/norm/specs/batch-norm.js';
import { SEED_EXPERIMENT_DEFAULTS } from '../src/experiment/seed-config.js';
import { warmUpTraining } from '../src/experiment/warm-up.js';
import { assertProperty } from '../src/property-engine/assert.js';
import { replayPath } from '../src/property-engine/replay-line.js';
import { seededValues } from '../src/stats/seeded-values.js';
import { batchFromRecipes } from './support/pictures.js';

async function trace(c: ReliabilityCase) {
  const batch = await batchFromRecipes(c.recipes, c.model.inputSize);
  const { model, training } = overfitSettings(c);
  const record = await runOverfit(batch, model, { ...training, traceTrainingMode: true });
  // Wall-clock seconds are the one field that may differ.
  return { ...record, epochs: record.epochs.map(({ seconds: _seconds, ...rest }) => rest) };
}

describe('determinism: the same seed gives the same trace on the same backend', () => {
  for (const [backend, numRuns, minRuns] of [
    ['wasm', 5, 3],
    ['cpu', 2, 2],
  ] as const) {
    it(`on ${backend} (${determinismOf(backend).deterministic ? 'known deterministic' : 'not known to be'})`, async () => {
      await selectBackend(backend);
      await assertProperty(
        `determinism on ${backend}`,
        fc.asyncProperty(reliabilityCase, async (c) => {
          const first = await trace(c);
          const second = await trace(c);
          // Bit for bit: toEqual compares numbers with Object.is semantics, NaN included.
          expect(second).toEqual(first);
        }),
        { numRuns, minRuns, interruptAfterTimeLimit: 60_000, timeout: 60_000, warmUp: () => warmUpTraining() },
      );
    });
  }
});

describe('determinism across wasm thread counts: XNNPACK splits outputs among threads, never a sum', () => {
  it('one thread and two give the same trace, bit for bit', async () => {
    await assertProperty(
      'same trace with 1 and 2 wasm threads',
      fc.asyncProperty(reliabilityCase, async (c) => {
        await selectBackend('wasm', { threads: 1 });
        const one = await trace(c);
        await selectBackend('wasm', { threads: 2 });
        expect(await trace(c)).toEqual(one);
      }),
      { numRuns: 3, minRuns: 2, interruptAfterTimeLimit: 60_000, timeout: 60_000, warmUp: () => warmUpTraining() },
    );
  });
});

async function runKind(k: ExperimentKind): Promise<void> {
  if (k.kind === 'bn-layer') {
    await traceNormLayer(
      batchNorm,
      { shape: [4, k.channels], params: {} },
      inferenceAroundUpdates(seededValues(4 * k.channels, k.seed), k.updates),
    );
    return;
  }
  const { c } = k;
  const batch = await batchFromRecipes(c.recipes, c.model.inputSize);
  const { model, training } = overfitSettings(c);
  if (k.kind === 'overfit') await runOverfit(batch, model, training);
  else if (k.kind === 'frozen-updates') await traceFrozenUpdates(batch, model, training, 4, 2);
  else {
    const config = {
      ...SEED_EXPERIMENT_DEFAULTS,
      stages: c.model.stages,
      width: c.model.width,
      epochs: c.training.epochs,
      momentum: c.training.momentum,
      fixEpochs: 1,
      learningRate: c.training.learningRate,
      batchSize: c.training.batchSize,
      seed: c.seed,
    };
    const onModelTrained =
      k.kind === 'summaries'
        ? async (_label: string, net: tf.LayersModel, x: tf.Tensor4D) =>
            void (await batchNormSummaries(net), await activationSummaries(net, x))
        : undefined;
    await runSeedExperiment(batch, config, { onModelTrained });
  }
}

// One case of each kind runs first (as examples), so every kind is covered whatever the seed draws.
const KIND_EXAMPLES: ExperimentKind[] = (() => {
  const c = fc.sample(reliabilityCase, { seed: 1, numRuns: 1 })[0]!;
  return [
    { kind: 'bn-layer', updates: 2, channels: 2, seed: 1 },
    { kind: 'overfit', c },
    { kind: 'seed-experiment', c },
    { kind: 'frozen-updates', c },
    { kind: 'summaries', c },
  ];
})();

describe('memory: every experiment case releases its tensors', () => {
  it('the tensor count after a case is where it was before, for every kind of experiment', async () => {
    await selectBackend('wasm');
    const kinds = new Set<string>();
    await assertProperty(
      'tensors released',
      fc.asyncProperty(experimentKind, async (k) => {
        const before = tf.memory().numTensors;
        await runKind(k);
        const after = tf.memory().numTensors;
        if (after !== before)
          throw new Error(`${k.kind}: ${after - before} tensor(s) left behind (${before} before, ${after} after)`);
        kinds.add(k.kind);
      }),
      {
        numRuns: 10,
        minRuns: KIND_EXAMPLES.length,
        interruptAfterTimeLimit: 90_000,
        timeout: 60_000,
        warmUp: () => warmUpTraining(),
        examples: KIND_EXAMPLES.map((k) => [k] as [ExperimentKind]),
      },
    );
    console.log(`[normprop] tensors released: kinds covered ${[...kinds].sort().join(', ')}`);
    // A replayed path runs one case only.
    if (!replayPath()) expect([...kinds].sort()).toEqual([...new Set(KIND_EXAMPLES.map((k) => k.kind))].sort());
  });
});
