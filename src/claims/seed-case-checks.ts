import type { KernelProvenance } from '../backend/kernel-provenance.js';
import type { CanonicalTrace } from '../experiment/canonical-experiments.js';
import type { SeedExperimentResult } from '../experiment/seed-experiment.js';
import { argmaxRows } from '../experiment/metrics.js';
import { rate } from '../stats/clopper-pearson.js';
import { claimById } from './catalog.js';
import type { ClaimCheckResult } from './result.js';
import { verdictOf } from './verdict-of.js';

/**
 * The seed case's own ResNet50 run (the one the golden check trains) read as claim checks: each a
 * single run, so no fast-check, but every figure is computed from the run's record, none typed in.
 * Image i is class i, as in the seed.
 */
export interface SeedCaseContext {
  result: SeedExperimentResult;
  /** Closest pair of the decoded training images, mean absolute difference in 0..255 units. */
  minImageDistance: number;
  backend: string;
  /** The kernel set the run trained on. */
  kernels: KernelProvenance;
  /** The experiment's seed (weights and shuffling). */
  seed: number;
  /** The command that re-runs the case. */
  replay: string;
  /** Names the model in the ledger (default "resnet50"). */
  model?: string;
  /** predict() of the question's trained model under C15's interventions (canonical-experiments.ts). */
  interventions?: CanonicalTrace['interventions'];
}

/** Keras clips probabilities to [1e-7, 1 - 1e-7] in categorical crossentropy. */
const CLIP = 1e-7;
const SATURATED = 1 - 1e-4;

const correctCount = (classes: number[]) => classes.filter((c, i) => c === i).length;
const allCorrect = (classes: number[]) => correctCount(classes) === classes.length;

export function seedCaseChecks(ctx: SeedCaseContext): ClaimCheckResult[] {
  const { run, fixRun, classes } = ctx.result;
  const n = run.predict.length;
  const seconds = [run, fixRun].reduce((s, r) => s + (r?.epochs.reduce((t, e) => t + e.seconds, 0) ?? 0), 0);
  // One run judged like a property's case: by the claim's predicate on a case that meets its premise,
  // through the same verdictOf as checkClaim (a run that misses the premise is no case: inconclusive).
  const check = (
    claimId: string,
    name: string,
    judged: { premiseMissed: string } | { violation?: string },
    extra: Partial<ClaimCheckResult> = {},
  ): ClaimCheckResult => {
    const runs = 'premiseMissed' in judged ? 0 : 1;
    const violation = 'violation' in judged ? judged.violation : undefined;
    const verdict = verdictOf(claimById(claimId), {
      runs,
      minRuns: 1,
      ...(violation ? { failure: { kind: 'violation' as const, message: violation } } : {}),
    });
    const failure = 'premiseMissed' in judged ? judged.premiseMissed : violation;
    return { claimId, check: name, verdict, runs, ...(failure ? { failure } : {}), ...rowFacts, ...extra };
  };
  const rowFacts = {
    minRuns: 1,
    seed: ctx.seed,
    replay: ctx.replay,
    seconds,
    model: ctx.model ?? 'resnet50',
    backend: ctx.backend,
    kernels: ctx.kernels,
  };
  const last = run.epochs[run.epochs.length - 1];
  const fitted = run.trainingModeEvaluate.acc === 1;
  const predictAccuracy = correctCount(run.predictedClasses) / n;
  const results: ClaimCheckResult[] = [];
  const caseText = JSON.stringify({
    model: ctx.model ?? 'resnet50',
    images: n,
    classes,
    epochs: run.epochs.length,
    momentum: run.momentum,
    batch: 'one full batch per epoch',
  });

  // C06: the seed's mechanism, in the seed's regime: right in training mode, wrong in predict().
  const witness = {
    fitAccuracy: last.acc,
    trainingModeAccuracy: run.trainingModeEvaluate.acc,
    predictAccuracy,
    minImageDistance: ctx.minImageDistance,
  };
  if (last.acc === 1 && fitted) {
    results.push(
      predictAccuracy < 1
        ? check(
            'C06-fit-accuracy-means-predict-correct',
            'seed case (ResNet50)',
            {
              violation: `fit() accuracy 1.0 and training-mode accuracy 1.0, predict() classes [${run.predictedClasses}]`,
            },
            { counterexample: caseText, shrinks: 0, witness },
          )
        : check(
            'C06-fit-accuracy-means-predict-correct',
            'seed case (ResNet50)',
            {},
            {
              failure: `the seed case no longer reproduces: predict() classes [${run.predictedClasses}] are all correct`,
              measured: witness,
            },
          ),
    );
  } else {
    results.push(
      check(
        'C06-fit-accuracy-means-predict-correct',
        'seed case (ResNet50)',
        {
          premiseMissed: `the ResNet50 did not fit (fit accuracy ${last.acc}, training-mode accuracy ${run.trainingModeEvaluate.acc}): the claim's premise is not met`,
        },
        { measured: witness },
      ),
    );
  }

  // C07a: one run, counted only if it fitted.
  const collapsed = new Set(run.predictedClasses).size === 1;
  results.push(
    check(
      'C07a-collapse-after-few-updates',
      `seed case (ResNet50, ${run.epochs.length} epochs)`,
      {},
      {
        rate: rate(fitted && collapsed ? 1 : 0, fitted ? 1 : 0),
        measured: { predictedClasses: run.predictedClasses },
      },
    ),
  );

  // C07b: the evaluate figures of a saturated collapse, computed from how many images the collapse gets right.
  const saturated = collapsed && run.predict.every((row) => Math.max(...row) >= SATURATED);
  if (saturated) {
    const c = correctCount(run.predictedClasses);
    const expected = { loss: ((n - c) / n) * -Math.log(CLIP) + (c / n) * -Math.log(1 - CLIP), acc: c / n };
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
    const ok = close(run.evaluate.loss, expected.loss) && close(run.evaluate.acc, expected.acc);
    results.push(
      check(
        'C07b-collapse-evaluate-figures',
        'seed case (ResNet50)',
        ok
          ? {}
          : {
              violation: `evaluate() gave [${run.evaluate.loss}, ${run.evaluate.acc}], a saturated collapse with ${c} of ${n} right gives [${expected.loss}, ${expected.acc}]`,
            },
        {
          measured: {
            correct: c,
            images: n,
            evaluate: [run.evaluate.loss, run.evaluate.acc],
            computed: [expected.loss, expected.acc],
          },
        },
      ),
    );
  } else {
    results.push(
      check('C07b-collapse-evaluate-figures', 'seed case (ResNet50)', {
        premiseMissed: `no saturated collapse to check the figures on (predict() classes [${run.predictedClasses}])`,
      }),
    );
  }

  // C05 and C08 need fit()'s figures for weights whose training-mode evaluation was recorded. The answer's
  // run trains the same weights (same seed; BN momentum moves only the moving statistics, which training
  // mode does not read), so its epoch k+1 starts from the question's run's final weights.
  const k = run.epochs.length;
  const sameWeights =
    fixRun !== undefined &&
    fixRun.epochs.length > k &&
    run.epochs.every((e, i) => e.loss === fixRun.epochs[i].loss && e.acc === fixRun.epochs[i].acc);
  if (sameWeights) {
    const next = fixRun.epochs[k];
    const trainingMode = run.trainingModeEvaluate;
    const agrees =
      Math.abs(next.loss - trainingMode.loss) <= 1e-4 + 1e-3 * Math.abs(next.loss) && next.acc === trainingMode.acc;
    const figures = {
      fitEpoch: k + 1,
      fitLoss: next.loss,
      fitAccuracy: next.acc,
      trainingModeLoss: trainingMode.loss,
      trainingModeAccuracy: trainingMode.acc,
    };
    results.push(
      check(
        'C08-training-mode-reproduces-fit',
        `seed case (ResNet50, epoch ${k + 1})`,
        agrees ? {} : { violation: 'training-mode evaluation differs from what fit() reported for the same weights' },
        { measured: figures },
      ),
    );
    const trainingModeClasses = argmaxRows(run.trainingModePredict);
    if (next.acc === 1) {
      const ok = allCorrect(trainingModeClasses);
      results.push(
        check(
          'C05-fit-accuracy-means-training-mode-correct',
          `seed case (ResNet50, epoch ${k + 1})`,
          ok ? {} : { violation: `fit() reported accuracy 1.0 but training-mode classes are [${trainingModeClasses}]` },
          { measured: { ...figures, trainingModeClasses } },
        ),
      );
    } else {
      results.push(
        check('C05-fit-accuracy-means-training-mode-correct', `seed case (ResNet50, epoch ${k + 1})`, {
          premiseMissed: `fit() accuracy ${next.acc} at epoch ${k + 1}: the implication was not exercised`,
        }),
      );
    }
  } else {
    const why = {
      premiseMissed:
        "the answer's run did not retrace the question's run (or is absent), so no fit() figures are known for the recorded weights",
    };
    results.push(check('C08-training-mode-reproduces-fit', 'seed case (ResNet50)', why));
    results.push(check('C05-fit-accuracy-means-training-mode-correct', 'seed case (ResNet50)', why));
  }

  // C15 on the seed case itself, on the question's trained weights: one run, so a figure, not a decision
  // (the small family's check decides by its rule); said in words, as the answer's causal story needs.
  if (ctx.interventions) {
    const { updates, debiased, population } = ctx.interventions;
    const [debiasedClasses, populationClasses] = [argmaxRows(debiased), argmaxRows(population)];
    const premise = fitted && !allCorrect(run.predictedClasses);
    const fixes = (classes: number[]) => (allCorrect(classes) ? 'correct' : 'still wrong');
    results.push(
      check(
        'C15-initial-values-cause-wrong-predictions',
        `seed case (ResNet50, the question's trained weights, ${updates} updates)`,
        premise
          ? {}
          : {
              premiseMissed: `the seed case's predict() was not wrong after fitting (fitted ${fitted}, classes [${run.predictedClasses}]): nothing to intervene on`,
            },
        {
          measured: {
            predictClasses: run.predictedClasses,
            debiasedClasses,
            populationClasses,
            finding:
              `initial values taken out (zero-debiased, m^k = ${(run.momentum ** updates).toPrecision(3)}): ${fixes(debiasedClasses)}; ` +
              `population statistics of the final weights: ${fixes(populationClasses)}. ` +
              (allCorrect(debiasedClasses)
                ? 'The initial values explain the collapse.'
                : allCorrect(populationClasses)
                  ? 'The initial values do not explain it; the lag of the moving averages behind the changing weights does.'
                  : 'Neither intervention fixes it.'),
          },
        },
      ),
    );
  }

  // C09: the answer's run, counted only if it fitted.
  if (fixRun) {
    const fixFitted = fixRun.trainingModeEvaluate.acc === 1;
    results.push(
      check(
        'C09-momentum-001-fixes-predictions',
        `seed case (ResNet50, momentum ${fixRun.momentum}, ${fixRun.epochs.length} epochs)`,
        {},
        {
          rate: rate(fixFitted && allCorrect(fixRun.predictedClasses) ? 1 : 0, fixFitted ? 1 : 0),
          measured: { predictedClasses: fixRun.predictedClasses },
        },
      ),
    );
  }
  return results;
}
