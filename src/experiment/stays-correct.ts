import * as tf from '@tensorflow/tfjs';
import type { ImageBatch } from '../data/images.js';
import { firstNonFinite, nonFiniteName, type Divergence } from './divergence.js';
import { argmaxRows } from './metrics.js';
import { trainResNet, type ResNetKnobs } from './train-resnet.js';

/** What the seed's "correct after 1000 epochs" means, measured under full training (weights and moving statistics both move). */
export interface StaysCorrectTrace {
  momentum: number;
  /** First epoch from which predict() was correct for `window` epochs in a row; null if not within maxEpochs. */
  stableFrom: number | null;
  /** First epoch at which predict() was correct at all (it may go wrong again). */
  firstCorrect: number | null;
  epochsRun: number;
  window: number;
  /** Set when fit()'s loss or predict()'s output went NaN/Inf; the trace stops there. */
  divergence?: Divergence;
}

/**
 * Trains a fresh ResNet on the batch (image i is class i), one full batch per epoch as in the seed, and
 * calls predict() after every epoch, until predict() has been correct `window` epochs in a row or
 * maxEpochs have run. Records what happens; it asserts nothing.
 */
export async function traceStaysCorrect(
  batch: ImageBatch,
  model: ResNetKnobs,
  training: { learningRate: number; maxEpochs: number; window: number },
): Promise<StaysCorrectTrace> {
  const n = batch.shape[0];
  const x = tf.tensor4d(batch.pixels, batch.shape);
  return trainResNet(
    x,
    undefined,
    { model, compile: { optimizer: 'normprop-adam', learningRate: training.learningRate } },
    async ({ model: net, x, y }) => {
      let run = 0;
      let firstCorrect: number | null = null;
      let epoch = 0;
      let divergence: Divergence | undefined;
      while (epoch < training.maxEpochs) {
        epoch++;
        const history = await net.fit(x, y, { epochs: 1, batchSize: n, shuffle: false, verbose: 0 });
        const probabilities = net.predict(x) as tf.Tensor;
        const rows = (await probabilities.array()) as number[][];
        probabilities.dispose();
        // One full batch an epoch: step = epoch. A NaN row's argmax is 0, which would read as a wrong class.
        const loss = nonFiniteName(Number(history.history.loss[0]));
        const output = firstNonFinite(rows);
        if (loss || output) {
          divergence = { step: epoch, epoch, quantity: loss ? 'loss' : 'predict', value: (loss ?? output)! };
          break;
        }
        const classes = argmaxRows(rows);
        const correct = classes.every((k, i) => k === i);
        if (correct && firstCorrect === null) firstCorrect = epoch;
        run = correct ? run + 1 : 0;
        if (run === training.window) break;
      }
      return {
        momentum: model.normMomentum,
        stableFrom: run === training.window ? epoch - training.window + 1 : null,
        firstCorrect,
        epochsRun: epoch,
        window: training.window,
        ...(divergence ? { divergence } : {}),
      };
    },
  );
}
