// Wu & Johnson 2021 (src/claims/documents/wu-johnson-2021.ts): PreciseBN as the remedy for C15's wrong
// predict(). On the seed's regime in miniature, runs where tfjs BatchNorm fitted but predict() was wrong
// get their BN statistics recomputed with the final weights, and predict() is asked again.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelShape, trainingShape } from '../src/arbitraries/configs.js';
import { datasetCase, overfitSettings } from '../src/arbitraries/dataset-cases.js';
import { selectClaimBackend } from '../src/backend/claim-backend.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import { assertNotDiverged } from '../src/claims/diverged-run.js';
import { closestPair, MIN_IMAGE_DISTANCE } from '../src/data/distance.js';
import { runOverfitWithPreciseBn } from '../src/experiment/precise-bn.js';
import { warmUpTraining } from '../src/experiment/warm-up.js';
import { rate } from '../src/stats/clopper-pearson.js';
import { batchFromRecipes } from './support/pictures.js';

beforeAll(async () => {
  await selectClaimBackend();
});

const allCorrect = (classes: number[]) => classes.every((c, i) => c === i);

describe('Wu & Johnson 2021: PreciseBN', () => {
  it('RB1: recomputing BN statistics with the final weights fixes predict() on fitted runs where it was wrong', async () => {
    let fitted = 0;
    let wrong = 0;
    let fixed = 0;
    let fittedCorrectAfter = 0;
    const seedCase = datasetCase({ model: modelShape(), training: trainingShape({ momentum: 0.99, epochs: [3, 6] }) });
    const property = fc.asyncProperty(seedCase, async (c) => {
      const batch = await batchFromRecipes(c.recipes, c.model.inputSize);
      fc.pre(closestPair(batch).distance >= MIN_IMAGE_DISTANCE);
      const { model, training } = overfitSettings(c);
      const run = assertNotDiverged(await runOverfitWithPreciseBn(batch, model, training));
      if (run.trainingModeEvaluate.acc !== 1) return;
      fitted++;
      if (allCorrect(run.preciseBnPredictedClasses)) fittedCorrectAfter++;
      if (allCorrect(run.predictedClasses)) return;
      wrong++;
      if (allCorrect(run.preciseBnPredictedClasses)) fixed++;
    });
    const result = await checkClaim(
      'RB1-precise-bn-fixes-predict',
      'small family, momentum 0.99, 3-6 full-batch epochs',
      property,
      {
        numRuns: 24,
        minRuns: 8,
        timeLimitMs: 30_000,
        caseTimeoutMs: 30_000,
        warmUp: () => warmUpTraining(),
        model: 'small ResNet family: 1-2 stages of 1-2 bottleneck blocks, width 2-8, 33-48 px',
        maxDiscardShare: 0.2,
        discards: `two images came out of the decoder closer than ${MIN_IMAGE_DISTANCE} grey levels`,
        rate: () => rate(fixed, wrong),
        measured: () => ({
          fitted,
          fittedButPredictWrong: wrong,
          fittedPredictCorrectAfterPreciseBn: rate(fittedCorrectAfter, fitted),
        }),
        decide: () => {
          const [lo, hi] = rate(fixed, wrong).ci95;
          return wrong > 0 && lo > 0.5 ? 'holds' : wrong > 0 && hi < 0.5 ? 'refuted' : 'measured';
        },
      },
    );
    assertExpectedVerdict(result);
    expect(fitted, 'no run fitted, so there was nothing to recompute').toBeGreaterThan(0);
  });
});
