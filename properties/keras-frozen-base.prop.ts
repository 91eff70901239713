// keras issue 9214 / PR 9965 (src/claims/documents/keras-issue-9214.ts): a frozen BN base with a new head,
// fit()'s accuracy against evaluate()'s on the same data, as a rate over independently trained models.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectClaimBackend } from '../src/backend/claim-backend.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import { frozenBaseGap, type FrozenBaseOutcome } from '../src/experiment/frozen-base-gap.js';
import { clopperPearson } from '../src/stats/clopper-pearson.js';

beforeAll(async () => {
  await selectClaimBackend();
});

// About 4 s on 2 cores: 12 models of 40 optimizer steps each.
const MODELS = 12;
const SETUP = { samples: 32, features: 2, batchSize: 8, epochs: 10, shift: 3, scale: 1 };

/** The document's pattern in one model: near-perfect in fit(), much lower in evaluate() on the same data. */
const showsGap = (o: FrozenBaseOutcome) => o.fitAccuracy >= 0.9 && o.evaluateAccuracy <= o.fitAccuracy - 0.25;

describe('keras issue 9214 / PR 9965, on tfjs', () => {
  it("KF1: fit()'s accuracy vs evaluate()'s on the same data, frozen BN base + new head, over independent models", async () => {
    const outcomes: FrozenBaseOutcome[] = [];
    const property = fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), async (seed) => {
      outcomes.push(await frozenBaseGap({ ...SETUP, seed }));
      return true;
    });
    const rate = () => {
      const k = outcomes.filter(showsGap).length;
      return { k, n: outcomes.length, ci95: clopperPearson(k, outcomes.length) };
    };
    const mean = (f: (o: FrozenBaseOutcome) => number) => outcomes.reduce((s, o) => s + f(o), 0) / outcomes.length;
    const result = await checkClaim('KF1-frozen-base-fit-vs-evaluate-gap', `${MODELS} models`, property, {
      numRuns: MODELS,
      minRuns: MODELS,
      model: `frozen tfjs BatchNormalization base ({training: false}) + Dense sigmoid head, ${SETUP.samples} samples x ${SETUP.features} features (mean ${SETUP.shift}), ${SETUP.epochs} epochs of batch ${SETUP.batchSize}`,
      rate,
      measured: () => ({
        meanFitAccuracy: mean((o) => o.fitAccuracy),
        meanEvaluateAccuracy: mean((o) => o.evaluateAccuracy),
        meanMovingMeanAfterFit: mean((o) => o.movingMean),
        samplesPerModel: SETUP.samples,
      }),
      decide: () => {
        const [lo, hi] = rate().ci95;
        return lo > 0.5 ? 'holds' : hi < 0.5 ? 'refuted' : 'measured';
      },
    });
    assertExpectedVerdict(result);
    expect(result.rate!.n).toBe(MODELS);
    // The moving mean moved during fit() (tfjs runs the frozen base's updates), but not all the way to 3.
    expect(mean((o) => o.movingMean)).toBeGreaterThan(0.1);
    expect(mean((o) => o.movingMean)).toBeLessThan(SETUP.shift);
  });
});
