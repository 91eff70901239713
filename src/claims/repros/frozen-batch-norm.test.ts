import { beforeAll, describe, expect, it } from 'vitest';
import { selectClaimBackend } from '../../backend/claim-backend.js';
import {
  baseCalledTrainingFalseRepro,
  layerCalledTrainingFalseRepro,
  trainableFalseRepro,
} from './frozen-batch-norm.js';

beforeAll(async () => {
  await selectClaimBackend();
});

// x = [[1], [3]], y = [[0], [1]], Dense kernel 1, bias 0, epsilon 1e-3. Inference mode (moving mean 0,
// variance 1): outputs x / sqrt(1.001), loss ((1 - 0)^2 + (3 - 1)^2) / 2 / 1.001. Batch statistics
// (mean 2, variance 1): outputs -1, 1 over sqrt(1.001), loss ((-1)^2 + 0^2) / 2 / 1.001.
const INFERENCE_LOSS = ((1 / Math.sqrt(1.001)) ** 2 + (3 / Math.sqrt(1.001) - 1) ** 2) / 2;
const BATCH_LOSS = ((-1 / Math.sqrt(1.001)) ** 2 + (1 / Math.sqrt(1.001) - 1) ** 2) / 2;

describe('tfjs departs from what Keras documents for a frozen BatchNormalization (pasteable reproductions)', () => {
  for (const [name, repro] of [
    ['bn.trainable = false', trainableFalseRepro],
    ['bn.apply(x, {training: false}) at build time', layerCalledTrainingFalseRepro],
    ['a frozen base called with {training: false}', baseCalledTrainingFalseRepro],
  ] as const) {
    it(`${name}: fit() moves the moving mean and reports the batch-statistics loss`, async () => {
      const seen = await repro();
      // Keras: movingMean stays [0] and fitLoss equals evaluateLoss. tfjs: one update with momentum 0.99 towards mean 2.
      expect(seen.movingMean[0]).toBeCloseTo(0.01 * 2, 6);
      expect(seen.evaluateLoss).toBeCloseTo(INFERENCE_LOSS, 4);
      expect(seen.fitLoss).toBeCloseTo(BATCH_LOSS, 4);
      expect(seen.fitLoss).not.toBeCloseTo(seen.evaluateLoss, 2);
    });
  }
});
