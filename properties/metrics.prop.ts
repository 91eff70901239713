// The claims about figures (C07b, C11-C13): what accuracy and loss are, what a constant predictor
// scores, and when 45% on three classes is more than chance.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { collapsedPredictions, labelledRows } from '../src/arbitraries/prediction-cases.js';
import { selectClaimBackend } from '../src/backend/claim-backend.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import { lossAndAccuracy } from '../src/experiment/metrics.js';
import { crossEntropyMeanError, meanError } from '../src/stats/float32-bounds.js';
import { clopperPearson } from '../src/stats/clopper-pearson.js';
import { accuracyAboveChance, binomialUpperTail, criticalCount, significantFrom } from '../src/stats/binomial.js';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

beforeAll(async () => {
  await selectClaimBackend();
});

const oneHot = (labels: number[], classes: number) =>
  labels.map((l) => Array.from({ length: classes }, (_, j) => (j === l ? 1 : 0)));

async function figuresOf(labels: number[][], probabilities: number[][]) {
  const [y, p] = [tf.tensor2d(labels), tf.tensor2d(probabilities)];
  try {
    return await lossAndAccuracy(y, p);
  } finally {
    tf.dispose([y, p]);
  }
}

describe('accuracy, loss and significance', () => {
  it('C07b: a saturated collapse scores accuracy c/n and loss (n-c)/n * -ln(1e-7) in evaluate()', async () => {
    const property = fc.asyncProperty(collapsedPredictions, async ({ classes, labels, predicted }) => {
      const n = labels.length;
      const c = labels.filter((l) => l === predicted).length;
      const figures = await figuresOf(
        oneHot(labels, classes),
        oneHot(
          labels.map(() => predicted),
          classes,
        ),
      );
      // Keras/tfjs clip probabilities to [1e-7, 1-1e-7]; in float32 -ln(1e-7) is 16.1181.
      const clipped = -Math.log(Math.fround(1e-7));
      const expectedLoss = ((n - c) / n) * clipped + (c / n) * -Math.log(Math.fround(1 - 1e-7));
      // Accuracy is a float32 mean of exact 0/1 terms; the loss a float32 crossentropy: each within its error bound.
      expect(Math.abs(figures.acc - c / n)).toBeLessThanOrEqual(meanError(n, c));
      expect(Math.abs(figures.loss - expectedLoss)).toBeLessThanOrEqual(
        crossEntropyMeanError(n, classes, expectedLoss),
      );
    });
    const seedFigure = (2 / 3) * -Math.log(Math.fround(1e-7));
    const result = await checkClaim('C07b-collapse-evaluate-figures', 'saturated one-class predictions', property, {
      numRuns: 200,
      minRuns: 200,
      measured: () => ({ seedCaseLossFor1Of3Right: seedFigure, seedDocumentFigure: 10.745396614074707 }),
    });
    assertExpectedVerdict(result);
    // The seed's figure is Keras' float32 evaluate() of that collapse: three rows, three classes.
    expect(Math.abs(seedFigure - 10.745396614074707)).toBeLessThanOrEqual(crossEntropyMeanError(3, 3, seedFigure));
  });

  it("C11: accuracy is correct/total, and tfjs's metric agrees, ties to the first class included", async () => {
    let ties = 0;
    const property = fc.asyncProperty(labelledRows, async (cases) => {
      const classes = cases[0].row.length;
      const firstMax = (row: number[]) => row.indexOf(Math.max(...row));
      ties += cases.filter((c) => c.row.filter((v) => v === Math.max(...c.row)).length > 1).length;
      const correct = cases.filter((c) => firstMax(c.row) === c.label).length;
      const figures = await figuresOf(
        oneHot(
          cases.map((c) => c.label),
          classes,
        ),
        cases.map((c) => c.row),
      );
      expect(Math.abs(figures.acc - correct / cases.length)).toBeLessThanOrEqual(meanError(cases.length, correct));
    });
    const result = await checkClaim('C11-accuracy-is-correct-over-total', 'generated predictions with ties', property, {
      numRuns: 200,
      minRuns: 200,
      measured: () => ({ rowsWithTies: ties }),
    });
    assertExpectedVerdict(result);
    expect(ties).toBeGreaterThan(0);
  });

  it('C12: a constant predictor on three balanced classes scores exactly 1/3', async () => {
    const property = fc.asyncProperty(
      fc.integer({ min: 1, max: 50 }),
      fc.integer({ min: 0, max: 2 }),
      fc.integer(),
      async (perClass, constant, seed) => {
        const rng = xoroshiro128plus(seed);
        const labels = [0, 1, 2].flatMap((c) => Array(perClass).fill(c) as number[]);
        for (let i = labels.length - 1; i > 0; i--) {
          const j = uniformInt(rng, 0, i);
          [labels[i], labels[j]] = [labels[j], labels[i]];
        }
        const figures = await figuresOf(
          oneHot(labels, 3),
          oneHot(
            labels.map(() => constant),
            3,
          ),
        );
        // perClass of the 3 * perClass terms are 1, whatever the order.
        expect(Math.abs(figures.acc - 1 / 3)).toBeLessThanOrEqual(meanError(3 * perClass, perClass));
      },
    );
    assertExpectedVerdict(
      await checkClaim('C12-constant-predictor-scores-a-third', 'balanced labels, any constant', property, {
        numRuns: 100,
        minRuns: 100,
      }),
    );
  });

  it('C13: the exact binomial test keeps its false-positive rate at or below alpha under random labels; 45% needs a large enough test set', async () => {
    const alpha = 0.05;
    const cases = 40;
    // The simulated rate is k of 400 trials: its point estimate can exceed alpha by chance alone (0.08 has
    // been seen). What the claim allows is a true rate <= alpha, so a case fails only when the rate's
    // exact lower bound is above alpha, at 0.001 over all cases (Bonferroni), so a sound test fails
    // the suite at most once in a thousand runs.
    const boundAlpha = 0.001 / cases;
    let worst: { k: number; n: number; exactRate: number; lowerBound: number; size: number } | undefined;
    const property = fc.property(fc.integer({ min: 10, max: 400 }), fc.integer(), (n, seed) => {
      // Random labels and random guesses over 3 classes: accuracy is chance (1/3) by construction.
      const rng = xoroshiro128plus(seed);
      const trials = 400;
      let falsePositives = 0;
      for (let t = 0; t < trials; t++) {
        let correct = 0;
        for (let i = 0; i < n; i++) if (uniformInt(rng, 0, 2) === uniformInt(rng, 0, 2)) correct++;
        if (accuracyAboveChance(correct, n, 1 / 3, alpha).significant) falsePositives++;
      }
      // The exact rate under H0 is P[X >= k*] <= alpha; the simulated one may exceed it by sampling noise only.
      const kStar = criticalCount(n, 1 / 3, alpha);
      const exactRate = binomialUpperTail(kStar, n, 1 / 3);
      expect(exactRate).toBeLessThanOrEqual(alpha);
      // ...and k* is the least such count: one fewer correct answer would exceed alpha (else the test is needlessly strict).
      expect(binomialUpperTail(kStar - 1, n, 1 / 3)).toBeGreaterThan(alpha);
      // One-sided: the two-sided interval at 2 * boundAlpha has boundAlpha below its lower end.
      const [lowerBound] = clopperPearson(falsePositives, trials, 2 * boundAlpha);
      if (!worst || falsePositives > worst.k) worst = { k: falsePositives, n: trials, exactRate, lowerBound, size: n };
      expect(lowerBound, `simulated false-positive rate ${falsePositives}/${trials} at n=${n}`).toBeLessThanOrEqual(
        alpha,
      );
    });
    const at45 = significantFrom(0.45, 1 / 3, alpha);
    const at48 = significantFrom(0.48, 1 / 3, alpha);
    const result = await checkClaim(
      'C13-45-percent-significance',
      'false-positive rate under random labels',
      property,
      {
        numRuns: cases,
        minRuns: cases,
        measured: () => ({
          alpha,
          // What is asserted: the true rate is at or below alpha unless the lower bound says otherwise.
          // Not its 95% interval: 40 cases make one of those miss alpha by chance; the bound asserted is beside it.
          worstSimulatedFalsePositiveRate: worst && `${worst.k}/${worst.n} = ${(worst.k / worst.n).toFixed(3)}`,
          worstCaseTestSetSize: worst?.size,
          worstCaseExactRate: worst?.exactRate,
          worstCaseLowerBound: worst?.lowerBound,
          lowerBoundConfidence: 1 - boundAlpha,
          testSetSizeFromWhich45PercentIsSignificant: at45,
          testSetSizeFromWhich48PercentIsSignificant: at48,
        }),
      },
    );
    assertExpectedVerdict(result);
    // The exact tail sums to one from zero, and 45 of 100 is significant while 45 of 20 is not.
    expect(binomialUpperTail(0, 30, 1 / 3)).toBe(1);
    expect(accuracyAboveChance(45, 100, 1 / 3).significant).toBe(true);
    expect(accuracyAboveChance(9, 20, 1 / 3).significant).toBe(false);
  });
});
