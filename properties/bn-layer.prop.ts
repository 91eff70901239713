// The layer-level claims of the answer (C01-C04, C10) on tfjs's real BatchNormalization layer (its spec, src/norm/specs/batch-norm.ts).
import fc from 'fast-check';
import { warmUpTraining } from '../src/experiment/warm-up.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetRecipes } from '../src/arbitraries/images.js';
import { selectClaimBackend } from '../src/backend/claim-backend.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import { assertNotDiverged } from '../src/claims/diverged-run.js';
import {
  batchVsMovingStatistics,
  defaults,
  inferenceConvergesToTraining,
  movingAverageLaw,
  type LawObservation,
} from '../src/claims/properties/bn-layer.js';
import batchNorm from '../src/norm/specs/batch-norm.js';
import { traceFrozenUpdates, type FrozenUpdatesTrace } from '../src/experiment/frozen-updates.js';
import { gapSeries, movingStatsSeries } from '../src/experiment/trace-series.js';
import { batchFromRecipes } from './support/pictures.js';
import { ClaimViolation } from '../src/harness-error.js';

beforeAll(async () => {
  await selectClaimBackend();
});

describe('BatchNormalization, layer by layer', () => {
  it('C01: training mode normalizes with the batch statistics, inference mode with the moving ones', async () => {
    assertExpectedVerdict(
      await checkClaim('C01-bn-batch-vs-moving', 'exact per layer', batchVsMovingStatistics(batchNorm), {
        numRuns: 200,
        minRuns: 200,
      }),
    );
  });

  it('C02: moving mean starts at 0, moving variance at 1, momentum is 0.99 by default', async () => {
    assertExpectedVerdict(
      await checkClaim('C02-bn-defaults', 'fresh layers', defaults(batchNorm), { numRuns: 50, minRuns: 50 }),
    );
  });

  it('C03: the moving-average law after k updates (with the biased batch variance)', async () => {
    const seen: LawObservation = { biasedFits: 0, unbiasedFits: 0 };
    const result = await checkClaim(
      'C03-moving-average-law',
      'k updates, fixed statistics',
      movingAverageLaw(batchNorm, seen),
      {
        numRuns: 150,
        minRuns: 150,
        measured: () => ({
          runsMatchingBiasedVariance: seen.biasedFits,
          runsAlsoMatchingUnbiasedVariance: seen.unbiasedFits,
        }),
      },
    );
    assertExpectedVerdict(result);
    // The unbiased variance fits only where the two are within tolerance of each other (large N or m^k near 1).
    expect(seen.unbiasedFits).toBeLessThan(seen.biasedFits);
  });

  it('C04: once m^k is tiny, inference output equals training-mode output (one layer, exact)', async () => {
    assertExpectedVerdict(
      await checkClaim('C04-inference-converges-to-training', 'one layer', inferenceConvergesToTraining(batchNorm), {
        numRuns: 40,
        minRuns: 40,
      }),
    );
  });
});

const FROZEN_MODEL = 'small ResNet: stages [1], width 4, 33 px, weights frozen after 5 epochs';

describe('a ResNet with frozen weights, moving statistics updated alone', () => {
  const traces: FrozenUpdatesTrace[] = [];
  const frozenCase = fc.record({ recipes: datasetRecipes(3), seed: fc.nat(10_000) });
  const property = fc.asyncProperty(frozenCase, async (c) => {
    const batch = await batchFromRecipes(c.recipes, 33);
    // A diverged run's gaps are NaN: checkClaim reports it as 'diverged', never as a figure.
    const trace = assertNotDiverged(
      await traceFrozenUpdates(
        batch,
        { stages: [1], width: 4, normMomentum: 0.99, normEpsilon: 1.001e-5, seed: c.seed },
        { epochs: 5, learningRate: 1e-2, batchSize: 32, shuffle: true, seed: c.seed },
        600,
        20,
      ),
    );
    traces.push(trace);
    const first = trace.points[0];
    const last = trace.points[trace.points.length - 1];
    // m^600 = 0.0024: every layer's statistics are within 0.3% of the batch's, so the outputs must have closed in.
    if (!(last.gap < first.gap))
      throw new ClaimViolation(
        `the inference/training gap did not shrink: ${first.gap} after 1 update, ${last.gap} after ${last.k}`,
      );
  });

  it('C04 (measured) and C10: inference approaches training mode as m^k -> 0; how many updates until predictions agree', async () => {
    const measured = () => {
      const kStars = traces.map((t) => t.kStar);
      const found = kStars.filter((k): k is number => k !== null);
      return {
        cases: traces.length,
        momentum: 0.99,
        firstAgreementWithFrozenWeights: kStars,
        mToTheFirstAgreement: found.map((k) => 0.99 ** k),
        gapAfter1: traces.map((t) => t.points[0].gap),
        gapAfter600: traces.map((t) => t.points[t.points.length - 1].gap),
      };
    };
    // The series feed the HTML report's plots (gap against k next to m^k, moving statistics per BN layer).
    const withSeries = () => ({
      ...measured(),
      series: { gap: traces.map(gapSeries), movingStats: traces.map(movingStatsSeries) },
    });
    // Frozen weights isolate the moving statistics: this counts the updates the moving averages alone need
    // to catch up with fixed batch statistics. It is not a bound on full training (stays-correct.prop.ts),
    // where the weights move too and can shorten or lengthen the wait: one run read [100, 40, 220] here
    // against [136, 117, 113] there, so it is named for what it measures.
    const result = await checkClaim(
      'C10-momentum-099-needs-many-updates',
      'first agreement with weights frozen after 5 epochs (moving statistics alone, not a bound on full training), 600 updates',
      property,
      {
        model: FROZEN_MODEL,
        numRuns: 3,
        minRuns: 3,
        timeLimitMs: 120_000,
        caseTimeoutMs: 60_000,
        warmUp: () => warmUpTraining(),
        measured: withSeries,
      },
    );
    assertExpectedVerdict(result);
    // C04 on the same traces: asserted, so a gap that stops shrinking fails the suite.
    const c04 = await checkClaim(
      'C04-inference-converges-to-training',
      'frozen ResNet, 600 updates',
      fc.asyncProperty(fc.constant(0), async () => {
        if (traces.length === 0) throw new Error('no frozen-ResNet trace to judge');
        for (const t of traces)
          if (!(t.points[t.points.length - 1].gap < t.points[0].gap))
            throw new ClaimViolation(
              `gap did not shrink: ${t.points[0].gap} after 1 update, ${t.points[t.points.length - 1].gap} after ${t.points[t.points.length - 1].k}`,
            );
      }),
      { numRuns: 1, minRuns: 1, measured, model: FROZEN_MODEL },
    );
    assertExpectedVerdict(c04);
  });
});
