import * as tf from '@tensorflow/tfjs';
import type { ImageBatch } from '../data/images.js';
import { firstNonFinite, nonFiniteName } from './divergence.js';
import type { EpochLine } from './long-run-record.js';
import { stableFrom } from './long-run-record.js';
import { argmaxRows, lossAndAccuracy } from './metrics.js';
import { batchStatsOfStep, readMovingStats, statsGap, watchedBatchNormLayers } from './moving-vs-batch.js';
import { loadCheckpoint, saveCheckpoint } from './training-checkpoint.js';
import { trainResNet, type ResNetKnobs } from './train-resnet.js';

/**
 * C10 under full training on one model, epoch by epoch, for hours: one full batch per epoch as in
 * the seed, then predict(); each epoch becomes a line handed to `onEpoch` (the caller stores it). The
 * whole training state is checkpointed every `checkpointEvery` epochs, and a run resumes from its last
 * checkpoint: the epochs after it that are already stored are computed again and must agree with the
 * stored ones (a check that the resumed run is the same run), and only new epochs are handed on.
 */

export interface LongRunPlan {
  runKey: string;
  model: ResNetKnobs;
  learningRate: number;
  maxEpochs: number;
  /** Stop once predict() has been right `window` epochs in a row. */
  window: number;
  checkpointDir: string;
  checkpointEvery: number;
  /** Epochs already stored (a resumed run), in order from epoch 1. */
  stored: EpochLine[];
  /** Resume from the checkpoint in checkpointDir (else start fresh; stored must then be empty). */
  resume: boolean;
  onEpoch: (line: EpochLine) => Promise<void>;
  /** Told when the run resumes (the checkpoint's epoch) and when a checkpoint is written. */
  onProgress?: (event: { resumedFrom?: number; checkpoint?: number }) => void;
}

export interface LongRunEnd {
  lastEpoch: number;
  stop: 'stable' | 'max-epochs' | 'diverged';
  /** The first epoch of `window` right ones in a row, stored epochs included; null when none. */
  stableFrom: number | null;
}

/** Recomputed epochs must agree with stored ones: same classes, loss within float noise of another thread split. */
function sameEpoch(a: EpochLine, b: EpochLine): boolean {
  const close = (x: number, y: number) => Math.abs(x - y) <= 1e-3 * Math.max(Math.abs(x), Math.abs(y), 1e-6);
  return a.classes.every((c, i) => c === b.classes[i]) && close(a.loss, b.loss) && close(a.predictLoss, b.predictLoss);
}

export class ResumedRunDiffers extends Error {}

export async function runLongTraining(batch: ImageBatch, plan: LongRunPlan): Promise<LongRunEnd> {
  const n = batch.shape[0];
  return trainResNet(
    tf.tensor4d(batch.pixels, batch.shape),
    undefined,
    { model: plan.model, compile: { optimizer: 'normprop-adam', learningRate: plan.learningRate, metrics: ['acc'] } },
    async ({ model: net, x, y }) => {
      const watched = watchedBatchNormLayers(net);
      let epoch = 0;
      if (plan.resume) {
        epoch = await loadCheckpoint(plan.checkpointDir, plan.runKey, net);
        plan.onProgress?.({ resumedFrom: epoch });
      }
      const correct = plan.stored.slice(0, epoch).map((l) => l.correct === n);
      const save = async () => {
        await saveCheckpoint(plan.checkpointDir, plan.runKey, epoch, net);
        plan.onProgress?.({ checkpoint: epoch });
      };
      const stable = () => stableFrom(correct, plan.window) !== null;
      while (epoch < plan.maxEpochs && !stable()) {
        epoch++;
        const started = performance.now();
        const before = readMovingStats(net, watched);
        const history = await net.fit(x, y, { epochs: 1, batchSize: n, shuffle: false, verbose: 0 });
        const after = readMovingStats(net, watched);
        const probabilities = net.predict(x) as tf.Tensor;
        const rows = (await probabilities.array()) as number[][];
        const { loss: predictLoss } = await lossAndAccuracy(y, probabilities);
        probabilities.dispose();
        const loss = Number(history.history.loss[0]);
        const classes = argmaxRows(rows);
        const diverged = nonFiniteName(loss) ?? firstNonFinite(rows);
        const line: EpochLine = {
          kind: 'epoch',
          epoch,
          loss: diverged ? 0 : loss,
          trainAcc: Number(history.history.acc[0]),
          predict: diverged ? [] : rows,
          classes,
          correct: diverged ? 0 : classes.filter((k, i) => k === i).length,
          predictLoss: diverged ? 0 : predictLoss,
          gap: Object.fromEntries(
            watched.map((name) => [
              name,
              statsGap(
                before[name],
                batchStatsOfStep(before[name], after[name], plan.model.normMomentum),
                plan.model.normEpsilon,
              ),
            ]),
          ),
          seconds: (performance.now() - started) / 1000,
          ...(diverged ? { diverged: `${nonFiniteName(loss) ? 'loss' : 'predict'} ${diverged}` } : {}),
        };
        const stored = plan.stored[epoch - 1];
        if (stored && !sameEpoch(stored, line))
          throw new ResumedRunDiffers(
            `epoch ${epoch} computed again after the checkpoint differs from the stored one (classes ${line.classes} vs ${stored.classes}, loss ${line.loss} vs ${stored.loss}): the resumed run is not the same run; the record is left as it was`,
          );
        if (!stored) await plan.onEpoch(line);
        if (diverged) return { lastEpoch: epoch, stop: 'diverged', stableFrom: null };
        correct.push(line.correct === n);
        if (epoch % plan.checkpointEvery === 0) await save();
      }
      // The end state too, so a run stopped at maxEpochs can be carried further later.
      if (epoch % plan.checkpointEvery !== 0) await save();
      const k = stableFrom(correct, plan.window);
      return { lastEpoch: epoch, stop: k !== null ? 'stable' : 'max-epochs', stableFrom: k };
    },
  );
}
