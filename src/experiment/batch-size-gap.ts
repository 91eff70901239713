import * as tf from '@tensorflow/tfjs';
import type { NormLayerFactory } from '../models/resnet.js';
import { firstNonFinite, nonFiniteName, type Divergence } from './divergence.js';
import { seededValues } from '../stats/seeded-values.js';
import { trainResNet } from './train-resnet.js';

/**
 * Wu & He 2018 §1 / Figure 1 in miniature: train a small ResNet with a given batch size, then compare
 * its inference predictions (predict(), moving statistics for BN) with its training-mode predictions on
 * the same images in batches of that size (what fit() computes). A BN model's two disagree more as the
 * batch shrinks, because a small batch's statistics stray from the population's; GN has no batch statistics.
 */
/** steps: optimizer steps, the same for every batch size, so BN's moving averages have had as many updates. */
export interface GapConfig {
  images: number;
  size: number;
  batchSize: number;
  steps: number;
  noise: number;
  seed: number;
  /** Held-out images (default twice the training images): inference only, so more of them cost little. */
  heldOut?: number;
}

export interface GapOutcome {
  /** Held-out images (same distribution, other noise) that predict() classifies wrongly. */
  heldOutErrors: number;
  heldOut: number;
  /** Images whose inference-mode class differs from their training-mode class. */
  disagreements: number;
  images: number;
  /** Mean |p_train - p_inference| over images and classes. */
  meanProbabilityGap: number;
  /** Set when fit()'s loss or an output went NaN/Inf: the counts above are then not figures. */
  divergence?: Divergence;
}

/** Two classes of 1-channel images: horizontal vs vertical stripes under seeded noise, all distinct. */
function stripes(
  images: number,
  size: number,
  noiseLevel: number,
  seed: number,
): { x: Float32Array; labels: number[] } {
  const noise = seededValues(images * size * size, seed);
  const labels = Array.from({ length: images }, (_, i) => i % 2);
  const x = noise.map((v, j) => {
    const i = Math.floor(j / (size * size));
    const row = Math.floor((j % (size * size)) / size);
    const col = j % size;
    return noiseLevel * v + ((labels[i] === 0 ? row : col) % 2 === 0 ? 1 : -1);
  });
  return { x, labels };
}

export async function trainInferenceGap(config: GapConfig, norm: NormLayerFactory): Promise<GapOutcome> {
  const { x: pixels, labels } = stripes(config.images, config.size, config.noise, config.seed);
  const x = tf.tensor4d(pixels, [config.images, config.size, config.size, 1]);
  const heldOut = config.heldOut ?? config.images * 2;
  const test = stripes(heldOut, config.size, config.noise, config.seed + 1_000_003);
  const model = { stages: [1], width: 4, normMomentum: 0.9, normEpsilon: 1e-3, seed: config.seed };
  return trainResNet(
    x,
    labels,
    { model, norm, compile: { optimizer: 'tfjs-adam', learningRate: 1e-2 } },
    async ({ model: net, x, y }) => {
      const stepsPerEpoch = Math.ceil(config.images / config.batchSize);
      const history = await net.fit(x, y, {
        batchSize: config.batchSize,
        epochs: Math.ceil(config.steps / stepsPerEpoch),
        shuffle: false,
        verbose: 0,
      });
      // Inference first: a training-mode call moves tfjs BN's moving statistics.
      const heldOutProbabilities = tf.tidy(
        () =>
          (
            net.predict(tf.tensor4d(test.x, [heldOut, config.size, config.size, 1])) as tf.Tensor
          ).arraySync() as number[][],
      );
      const argmax = (p: number[]) => p.indexOf(Math.max(...p));
      const heldOutErrors = heldOutProbabilities.filter((p, i) => argmax(p) !== test.labels[i]).length;
      const inference = tf.tidy(() => (net.predict(x) as tf.Tensor).arraySync() as number[][]);
      const training: number[][] = [];
      for (let start = 0; start < config.images; start += config.batchSize) {
        const chunk = tf.tidy(
          () =>
            (
              net.apply(x.slice(start, Math.min(config.batchSize, config.images - start)), {
                training: true,
              }) as tf.Tensor
            ).arraySync() as number[][],
        );
        training.push(...chunk);
      }
      let disagreements = 0;
      let gap = 0;
      for (let i = 0; i < config.images; i++) {
        if (argmax(training[i]) !== argmax(inference[i])) disagreements++;
        gap += training[i].reduce((s, p, c) => s + Math.abs(p - inference[i][c]), 0) / 2;
      }
      return {
        heldOutErrors,
        heldOut: test.labels.length,
        disagreements,
        images: config.images,
        meanProbabilityGap: gap / config.images,
        ...divergenceOf(history.history.loss.map(Number), stepsPerEpoch, [heldOutProbabilities, inference, training]),
      };
    },
  );
}

/** A NaN would read as a wrong class (argmax of NaNs is 0): the run's figures are then not figures. */
// fit()'s history has one loss per epoch: the step named is that epoch's last.
export function divergenceOf(
  losses: number[],
  stepsPerEpoch: number,
  outputs: number[][][],
): { divergence?: Divergence } {
  const bad = losses.findIndex((l) => nonFiniteName(l));
  const at = (epoch: number) => ({ step: epoch * stepsPerEpoch, epoch });
  if (bad >= 0) return { divergence: { ...at(bad + 1), quantity: 'loss', value: nonFiniteName(losses[bad])! } };
  for (const o of outputs) {
    const value = firstNonFinite(o);
    if (value) return { divergence: { ...at(losses.length), quantity: 'predict', value } };
  }
  return {};
}
