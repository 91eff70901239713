// The PyTorch BatchNorm2d documentation (src/claims/documents/pytorch-batchnorm2d.ts) as a translation to
// tfjs's BatchNormalization: tfjs's real layer beside PyTorch's documented rule computed in TypeScript.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectClaimBackend } from '../src/backend/claim-backend.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import {
  batchStatisticsOutput,
  cumulativeAverage,
  momentumTranslation,
  singleValueIsAnError,
  type CumulativeWitness,
  type SingleValueWitness,
  type TranslationWitness,
} from '../src/claims/properties/pytorch-bn.js';

beforeAll(async () => {
  await selectClaimBackend();
});

const SEQUENCES = 'tfjs BatchNormalization, 1-4 training-mode calls on generated [2-8, 1-3] batches';

describe('PyTorch BatchNorm2d, translated to tfjs', () => {
  it("PT1: momentum_torch = 1 - momentum_keras maps tfjs's moving statistics onto PyTorch's rule (biased variance)", async () => {
    const tensors = tf.memory().numTensors;
    assertExpectedVerdict(
      await checkClaim(
        'PT1-momentum-translates-as-one-minus',
        'k batches, momentum translated',
        momentumTranslation('translation'),
        {
          numRuns: 100,
          minRuns: 100,
          model: SEQUENCES,
        },
      ),
    );
    expect(tf.memory().numTensors - tensors, 'tensors left behind').toBe(0);
  });

  it("PT2: tfjs's moving variance is not PyTorch's unbiased running variance (refuted, shrunk)", async () => {
    const seen: { last?: TranslationWitness } = {};
    const result = await checkClaim(
      'PT2-running-variance-is-unbiased',
      'k batches, momentum translated',
      momentumTranslation('unbiased', seen),
      {
        numRuns: 100,
        minRuns: 100,
        model: SEQUENCES,
        witness: () => (seen.last ? { ...seen.last } : undefined),
      },
    );
    assertExpectedVerdict(result);
    expect(result.verdict).toBe('refuted');
    expect(result.shrinks).toBeGreaterThan(0);
    const w = result.witness!;
    // The mechanism: tfjs holds PyTorch's rule fed the biased variance, which is (m-1)/m of the unbiased one.
    expect(Math.abs(w.tfjsMovingVariance - w.torchRuleWithBiasedVariance)).toBeLessThan(1e-4);
    expect(w.lastUnbiasedBatchVariance / w.lastBiasedBatchVariance).toBeCloseTo(
      w.samplesPerBatch / (w.samplesPerBatch - 1),
      6,
    );
    expect(Math.abs(w.torchRunningVariance - w.tfjsMovingVariance)).toBeGreaterThan(1e-4);
  });

  it("PT3: at a fixed momentum, tfjs's moving mean is not PyTorch's momentum=None cumulative average (refuted, shrunk)", async () => {
    const seen: { last?: CumulativeWitness } = {};
    const result = await checkClaim('PT3-momentum-none-is-cumulative-average', 'k batches', cumulativeAverage(seen), {
      numRuns: 100,
      minRuns: 100,
      model: SEQUENCES,
      witness: () => (seen.last ? { ...seen.last } : undefined),
    });
    assertExpectedVerdict(result);
    expect(result.verdict).toBe('refuted');
    expect(result.shrinks).toBeGreaterThan(0);
    const w = result.witness!;
    // After one batch the average is the batch mean; tfjs holds (1 - momentum) of it (the generator keeps |mean| >= 0.25).
    if (w.batches === 1)
      expect(w.tfjsMovingMean).toBeCloseTo((1 - w.momentumKeras) * w.cumulativeAverageOfBatchMeans, 5);
    expect(Math.abs(w.cumulativeAverageOfBatchMeans)).toBeGreaterThan(0);
  });

  it("PT4: a training-mode call normalizes with the batch's statistics (track_running_stats=False's evaluation)", async () => {
    const room = { worst: 0 };
    assertExpectedVerdict(
      await checkClaim(
        'PT4-no-running-stats-uses-batch-statistics',
        'output vs batch normalization',
        batchStatisticsOutput(room),
        {
          numRuns: 100,
          minRuns: 100,
          model: 'tfjs BatchNormalization, one training-mode call (generated [2-8, 1-3] batches)',
          measured: () => ({ worstErrorOverTolerance: room.worst }),
        },
      ),
    );
  });

  it('PT5: tfjs returns beta for one value per channel in training mode where PyTorch raises (refuted, shrunk)', async () => {
    const seen: { last?: SingleValueWitness } = {};
    const result = await checkClaim(
      'PT5-one-value-per-channel-is-an-error',
      'one sample of 1 value per channel',
      singleValueIsAnError(seen),
      {
        numRuns: 100,
        minRuns: 100,
        model: 'tfjs BatchNormalization, training mode, input [1, 1-4]',
        witness: () => (seen.last ? { ...seen.last } : undefined),
      },
    );
    assertExpectedVerdict(result);
    expect(result.verdict).toBe('refuted');
    expect(result.shrinks).toBeGreaterThan(0);
    const w = result.witness!;
    // Silently beta: the input is a real value, the output is beta to the bit.
    expect(Math.abs(w.input - w.beta)).toBeGreaterThan(1);
    expect(w.output).toBe(w.beta);
  });
});
