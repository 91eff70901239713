// keras issue 9214 / PR 9965 (src/claims/documents/keras-issue-9214.ts): a frozen BN base with a new head,
// fit()'s accuracy against evaluate()'s on the same data, as a rate over independently trained models.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectClaimBackend } from '../src/backend/claim-backend.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import { frozenBaseGap, type FrozenBaseOutcome } from '../src/experiment/frozen-base-gap.js';
import { describeDecision, everyAbove, SequentialRate } from '../src/stats/sequential-decision.js';

beforeAll(async () => {
  await selectClaimBackend();
});

// About 4 s on 2 cores per look: 12 models of 40 optimizer steps each.
// Pre-registered, as C15's and RB1's (src/stats/sequential-decision.ts): the share of models showing
// the gap against 1/2, a model the unit, looks at 12, 24 and 36, alpha 0.05 split over the looks.
const RULE = { threshold: 0.5, looks: [12, 24, 36] } as const;
const SETUP = { samples: 32, features: 2, batchSize: 8, epochs: 10, shift: 3, scale: 1 };

/** The document's pattern in one model: near-perfect in fit(), much lower in evaluate() on the same data. */
const showsGap = (o: FrozenBaseOutcome) => o.fitAccuracy >= 0.9 && o.evaluateAccuracy <= o.fitAccuracy - 0.25;

describe('keras issue 9214 / PR 9965, on tfjs', () => {
  it("KF1: fit()'s accuracy vs evaluate()'s on the same data, frozen BN base + new head, over independent models", async () => {
    const outcomes: FrozenBaseOutcome[] = [];
    const gap = new SequentialRate(RULE);
    let cases = 0;
    const property = fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 30 }), async (seed) => {
      // Decided, or at the cap: the remaining runs cost nothing.
      if (gap.stopped) return true;
      cases++;
      const outcome = await frozenBaseGap({ ...SETUP, seed });
      outcomes.push(outcome);
      gap.record(showsGap(outcome));
      return true;
    });
    const mean = (f: (o: FrozenBaseOutcome) => number) => outcomes.reduce((s, o) => s + f(o), 0) / outcomes.length;
    const result = await checkClaim('KF1-frozen-base-fit-vs-evaluate-gap', 'independent models', property, {
      // Runs after the decision return at once; the cap is the rule's 36 models.
      numRuns: 200,
      minRuns: RULE.looks[0],
      casesRun: () => cases,
      model: `frozen tfjs BatchNormalization base ({training: false}) + Dense sigmoid head, ${SETUP.samples} samples x ${SETUP.features} features (mean ${SETUP.shift}), ${SETUP.epochs} epochs of batch ${SETUP.batchSize}`,
      rate: () => gap.summary().rate,
      measured: () => ({
        meanFitAccuracy: mean((o) => o.fitAccuracy),
        meanEvaluateAccuracy: mean((o) => o.evaluateAccuracy),
        meanMovingMeanAfterFit: mean((o) => o.movingMean),
        samplesPerModel: SETUP.samples,
        decision: describeDecision(gap.summary()),
      }),
      decide: () => everyAbove([gap.decision]),
    });
    assertExpectedVerdict(result);
    // Every model counted is one the rule saw, up to the look that decided (or the cap).
    expect(result.rate!.n).toBe(outcomes.length);
    expect(RULE.looks).toContain(outcomes.length);
    // The moving mean moved during fit() (tfjs runs the frozen base's updates), but not all the way to 3.
    expect(mean((o) => o.movingMean)).toBeGreaterThan(0.1);
    expect(mean((o) => o.movingMean)).toBeLessThan(SETUP.shift);
  });
});
