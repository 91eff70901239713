// The seed-case checks read on the ResNet50 run stored in golden/seed-case-resnet50.json (the run the
// golden check trains), and on edited copies of it that each break one claim.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SeedExperimentResult, SeedRunRecord } from '../experiment/seed-experiment.js';
import { argmaxRows } from '../experiment/metrics.js';
import { ANSWER_RUN_FIELDS } from '../golden/canonical-record.js';
import type { GoldenRecord } from '../golden/record.js';
import { seedCaseChecks } from './seed-case-checks.js';
import { PROJECT_ROOT as root } from '../settings.js';

const golden = JSON.parse(readFileSync(path.join(root, 'golden/seed-case-resnet50.json'), 'utf8')) as GoldenRecord;

function runOf(prefix: string, momentum: number): SeedRunRecord {
  const f = (name: string) => golden.fields[`${prefix}.${name}`] as never;
  const loss = f('epochs.loss') as number[];
  const predict = f('predict') as number[][];
  return {
    momentum,
    epochs: loss.map((l, i) => ({ epoch: i + 1, loss: l, acc: (f('epochs.acc') as number[])[i], seconds: 1 })),
    predict,
    predictedClasses: argmaxRows(predict),
    evaluate: { loss: f('evaluate.loss'), acc: f('evaluate.acc') },
    trainingModeEvaluate: { loss: f('trainingModeEvaluate.loss'), acc: f('trainingModeEvaluate.acc') },
    trainingModePredict: f('trainingModePredict'),
    trainingModeMutatedMovingStats: true,
  };
}

const stored = (): SeedExperimentResult => ({
  modelName: 'resnet50',
  params: 23587587,
  inputShape: [197, 197, 1],
  classes: 3,
  run: runOf('run', 0.99),
  fixRun: runOf(ANSWER_RUN_FIELDS, 0.01),
});
const checks = (result = stored()) =>
  seedCaseChecks({
    result,
    minImageDistance: 50,
    backend: 'wasm',
    kernels: { set: 'normprop', replaced: ['FusedBatchNorm gradient'], simdModule: 'validated', packages: {} },
    seed: 42,
    replay: 'npx vitest run golden/goldens.test.ts',
  });
const byClaim = (list: ReturnType<typeof checks>, prefix: string) => list.find((c) => c.claimId.startsWith(prefix))!;

describe('seed-case checks on the stored ResNet50 run', () => {
  it('every row names the kernel set the run trained on', () => {
    for (const c of checks()) expect(c.kernels?.set, c.claimId).toBe('normprop');
  });

  it('C05-C09 each get a check on resnet50; C06 is refuted by its witness, C07b holds with figures computed from -ln(1e-7)', () => {
    const list = checks();
    for (const id of ['C05', 'C06', 'C07a', 'C07b', 'C08', 'C09'])
      expect(byClaim(list, id), id).toMatchObject({ model: 'resnet50', backend: 'wasm' });
    expect(list.map((c) => c.verdict)).not.toContain('regressed');
    expect(list.map((c) => c.verdict)).not.toContain('inconclusive');
    const c06 = byClaim(list, 'C06');
    expect(c06.verdict).toBe('refuted');
    expect(c06.witness).toEqual({
      fitAccuracy: 1,
      trainingModeAccuracy: 1,
      predictAccuracy: 1 / 3,
      minImageDistance: 50,
    });
    const c07b = byClaim(list, 'C07b');
    expect(c07b.verdict).toBe('holds');
    expect((c07b.measured!.computed as number[])[0]).toBeCloseTo((2 / 3) * -Math.log(1e-7), 6);
    expect(byClaim(list, 'C07a').rate).toMatchObject({ k: 1, n: 1 });
    expect(byClaim(list, 'C09').rate).toMatchObject({ k: 1, n: 1 });
    expect(byClaim(list, 'C08').verdict).toBe('holds');
    expect(byClaim(list, 'C05').verdict).toBe('holds');
  });

  it('each check can fail: predict() all correct regresses C06; a changed evaluate regresses C07b; a fit loss far from training mode regresses C08', () => {
    const fixedPredict = stored();
    fixedPredict.run.predictedClasses = [0, 1, 2];
    expect(byClaim(checks(fixedPredict), 'C06').verdict).toBe('regressed');
    const wrongEvaluate = stored();
    wrongEvaluate.run.evaluate = { loss: 5, acc: 1 / 3 };
    expect(byClaim(checks(wrongEvaluate), 'C07b').verdict).toBe('regressed');
    const drifted = stored();
    drifted.fixRun!.epochs[5].loss = 0.5;
    expect(byClaim(checks(drifted), 'C08').verdict).toBe('regressed');
    const wrongTrainingMode = stored();
    wrongTrainingMode.run.trainingModePredict = [
      [1, 0, 0],
      [1, 0, 0],
      [0, 0, 1],
    ];
    expect(byClaim(checks(wrongTrainingMode), 'C05').verdict).toBe('regressed');
  });

  it('an unfitted run is not counted: C07a and C09 rates have n = 0, C06 is inconclusive', () => {
    const underfit = stored();
    underfit.run.trainingModeEvaluate = { loss: 1, acc: 2 / 3 };
    underfit.fixRun!.trainingModeEvaluate = { loss: 1, acc: 2 / 3 };
    const list = checks(underfit);
    expect(byClaim(list, 'C07a').rate).toMatchObject({ k: 0, n: 0 });
    expect(byClaim(list, 'C09').rate).toMatchObject({ k: 0, n: 0 });
    expect(byClaim(list, 'C06').verdict).toBe('inconclusive');
  });
});

describe("C15 on the seed case's trained weights", () => {
  const withInterventions = (debiased: number[][], population: number[][]) =>
    seedCaseChecks({
      result: stored(),
      minImageDistance: 50,
      backend: 'wasm',
      seed: 42,
      replay: 'npx vitest run golden/goldens.test.ts',
      kernels: { set: 'normprop', replaced: ['FusedBatchNorm gradient'], simdModule: 'validated', packages: {} },
      interventions: { updates: 5, debiased, population },
    });
  const wrong = [
    [0, 1, 0],
    [0, 1, 0],
    [0, 1, 0],
  ];
  const right = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];

  it('is a figure, not a decision (one run), and says in words which intervention fixes predict()', () => {
    const lag = byClaim(withInterventions(wrong, right), 'C15');
    expect(lag.verdict).toBe('measured');
    expect(lag.measured).toMatchObject({ debiasedClasses: [1, 1, 1], populationClasses: [0, 1, 2] });
    expect(lag.measured!.finding).toMatch(
      /debiased, m\^k = 0\.951\): still wrong.*final weights: correct\. The initial values do not explain it; the lag/,
    );
    const initial = byClaim(withInterventions(right, right), 'C15');
    expect(initial.measured!.finding).toMatch(/The initial values explain the collapse/);
  });

  it('needs a fitted run whose predict() was wrong: otherwise nothing is claimed (inconclusive)', () => {
    const fine = stored();
    fine.run.predictedClasses = [0, 1, 2];
    const c15 = seedCaseChecks({
      result: fine,
      minImageDistance: 50,
      backend: 'wasm',
      seed: 42,
      replay: 'x',
      kernels: { set: 'normprop', replaced: ['FusedBatchNorm gradient'], simdModule: 'validated', packages: {} },
      interventions: { updates: 5, debiased: right, population: right },
    }).find((c) => c.claimId.startsWith('C15'))!;
    expect(c15.verdict).toBe('inconclusive');
  });
});
