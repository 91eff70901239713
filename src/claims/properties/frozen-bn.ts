import fc from 'fast-check';
import { shiftedBatch, shiftedValues } from '../../arbitraries/shifted-batches.js';
import { fitFrozenBatchNorm, type FreezeKind, type FrozenFitTrace } from '../../experiment/frozen-bn-fit.js';
import { HarnessError } from '../../harness-error.js';

/**
 * What Keras documents for a frozen BatchNormalization, as properties of one tfjs fit() epoch
 * (src/experiment/frozen-bn-fit.ts): its state updates are not run, and it runs in inference mode.
 */
export interface FrozenWitness extends Record<string, number> {
  batchSize: number;
  channels: number;
  batchMean: number;
  batchVariance: number;
  movingMeanBefore: number;
  movingMeanAfter: number;
  movingVarianceAfter: number;
  fitLoss: number;
  evaluateLoss: number;
  lossWithBatchStatistics: number;
}

/** Channel 0's figures: the shrunk case has one channel. */
function witnessOf(t: FrozenFitTrace, batchSize: number, channels: number): FrozenWitness {
  return {
    batchSize,
    channels,
    batchMean: t.batchMean[0],
    batchVariance: t.batchVariance[0],
    movingMeanBefore: t.movingMeanBefore[0],
    movingMeanAfter: t.movingMeanAfter[0],
    movingVarianceAfter: t.movingVarianceAfter[0],
    fitLoss: t.fitLoss,
    evaluateLoss: t.evaluateLoss,
    lossWithBatchStatistics: t.lossWithBatchStatistics,
  };
}

/** Float32 losses of a few values: a relative 1e-4 is far above their rounding and far below the batch-vs-moving gap. */
const sameLoss = (a: number, b: number) => Math.abs(a - b) <= 1e-4 * (1 + Math.abs(b));

/**
 * The claim's two parts: 'state' — fit() leaves the moving mean and variance exactly as they were;
 * 'mode' — fit() computes its loss in inference mode, so it equals evaluate()'s on the same batch and weights.
 */
export function frozenBatchNorm(kind: FreezeKind, part: 'state' | 'mode', seen: { last?: FrozenWitness } = {}) {
  return fc.asyncProperty(shiftedBatch, async (b) => {
    const t = await fitFrozenBatchNorm(kind, shiftedValues(b), b.channels, b.seed);
    // evaluate() must be the inference-mode loss, or the comparison below means nothing.
    if (!sameLoss(t.evaluateLoss, t.lossWithMovingStatistics))
      throw new HarnessError(
        `evaluate() gave ${t.evaluateLoss}, not the inference-mode loss ${t.lossWithMovingStatistics} computed here`,
      );
    const holds =
      part === 'state'
        ? t.movingMeanAfter.every((v, i) => v === t.movingMeanBefore[i]) &&
          t.movingVarianceAfter.every((v, i) => v === t.movingVarianceBefore[i])
        : sameLoss(t.fitLoss, t.evaluateLoss);
    if (!holds) seen.last = witnessOf(t, b.m, b.channels);
    return holds;
  });
}
