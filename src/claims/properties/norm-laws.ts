import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {
  fitStepOfNormModel,
  probeNormGradient,
  roundTripNormModel,
  traceNormLayer,
  type NormMode,
} from '../../experiment/norm-layer-trace.js';
import {
  epsilonArb,
  forgettingMomentumArb,
  momentumArb,
  normCaseArb,
  valuesOf,
  type NormCase,
} from '../../arbitraries/norm-cases.js';
import {
  errorInUnits,
  groupStatistics,
  referenceNormalize,
  statisticsGroups,
  unbiasedVariance,
  withGroupSpread,
} from '../../norm/reference.js';
import type { Invariance, NormSpec, RunningStatistics } from '../../norm/spec.js';
import { seededValues } from '../../stats/seeded-values.js';
import { layoutOf, setupOf, updatesToForget } from './norm-setup.js';
import { ClaimViolation } from '../../harness-error.js';
import { epsilonText, withEpsilonHint } from './epsilon-hint.js';

/**
 * The laws every normalization layer spec is held to, as fast-check properties over generated
 * inputs (shape, values, hyper-parameters, gamma and beta; src/arbitraries/norm-cases.ts). Which laws
 * apply follows from the spec: the running-statistics law only where it keeps statistics, invariances
 * as it declares them.
 */
export interface NormLaw {
  name: string;
  numRuns: number;
  // The generated values differ per law; fast-check prints them in a counterexample.
  property: fc.IAsyncPropertyWithHooks<any>;
}

/**
 * The training-mode output is the declared normalization: per-group mean and biased variance, then
 * gamma and beta. Epsilon is drawn (epsilonArb), so a layer that ignores it fails, with a hint saying so.
 */
function normalizesAsDeclared(spec: NormSpec): NormLaw {
  return {
    name: 'training mode normalizes over the declared statistics groups',
    numRuns: 60,
    property: fc.asyncProperty(normCaseArb(spec), epsilonArb, async (c, epsilon) => {
      const values = valuesOf(c);
      await withEpsilonHint(spec, c, epsilon, [values], async () => {
        const setup = setupOf(spec, c, epsilon);
        const layout = layoutOf(spec, c.shape, c.params);
        const trace = await traceNormLayer(spec, setup, [{ values, mode: 'training' }]);
        const [out] = trace.outputs;
        const expected = referenceNormalize(values, c.shape, layout, epsilon, trace.affine.gamma, trace.affine.beta);
        const worst = errorInUnits(
          out,
          expected,
          values,
          statisticsGroups(c.shape, layout),
          layout,
          epsilon,
          trace.affine,
        );
        if (worst.error > 1e-4)
          throw new ClaimViolation(
            `${spec.id}: output[${worst.index}] = ${out[worst.index]}, the declared normalization (axes [${layout.reducedAxes}], ${layout.channelsPerGroup} channel(s) a group, epsilon=${epsilonText(epsilon)}) gives ${expected[worst.index]}`,
          );
      });
    }),
  };
}

/** 'equal': inference = training mode. 'converges': once momentum^k < 1e-6 inference = training mode. */
function trainingVsInference(spec: NormSpec): NormLaw {
  const momentum = spec.trainingVsInference === 'equal' ? fc.constant(0.99) : forgettingMomentumArb;
  return {
    name:
      spec.trainingVsInference === 'equal'
        ? 'inference output equals training-mode output'
        : 'inference output converges to training-mode output as momentum^k -> 0',
    numRuns: 30,
    property: fc.asyncProperty(normCaseArb(spec), momentum, epsilonArb, async (c, m, epsilon) => {
      const values = valuesOf(c);
      // A layer that ignores epsilon in one mode only fails here; the hint compares each mode with the reference.
      await withEpsilonHint(spec, c, epsilon, [values], async () => {
        const setup = setupOf(spec, c, epsilon, m);
        const k = spec.trainingVsInference === 'equal' ? 1 : updatesToForget(m);
        const calls: Array<{ values: Float32Array; mode: NormMode }> = [
          ...Array.from({ length: k }, () => ({ values, mode: 'training' as const })),
          { values, mode: 'inference' },
        ];
        const trace = await traceNormLayer(spec, setup, calls);
        const layout = layoutOf(spec, c.shape, c.params);
        const worst = errorInUnits(
          trace.outputs[k],
          trace.outputs[0],
          values,
          statisticsGroups(c.shape, layout),
          layout,
          epsilon,
          trace.affine,
        );
        const tolerance = spec.trainingVsInference === 'equal' ? 1e-6 : 1e-4;
        if (worst.error > tolerance)
          throw new ClaimViolation(
            `${spec.id}: after ${k} training-mode call(s) (momentum ${m}, epsilon=${epsilonText(epsilon)}), inference output[${worst.index}] = ${trace.outputs[k][worst.index]} but training mode gave ${trace.outputs[0][worst.index]}`,
          );
      });
    }),
  };
}

/**
 * The running statistics after one update with batch A and k-1 more with batch B, by the spec's update
 * rule (two batches, so the rules that forget their initial values differently can be told apart).
 */
export function expectedRunning(
  update: RunningStatistics['update'],
  m: number,
  k: number,
  initial: number,
  a: number,
  b: number,
): number {
  const rest = m ** (k - 1);
  if (update === undefined || update === 'moving-average') return rest * (m * initial + (1 - m) * a) + (1 - rest) * b;
  if (m >= 1) return initial;
  if (update === 'first-batch') return rest * a + (1 - rest) * b;
  return (rest * (1 - m) * a + (1 - rest) * b) / (1 - m ** k);
}

/** Running statistics start at their declared values and move by the spec's update rule. */
function runningStatisticsLaw(spec: NormSpec): NormLaw {
  const stats = spec.runningStatistics!;
  return {
    name: `running statistics start at ${stats.initialMean}/${stats.initialVariance} and follow the ${stats.update ?? 'moving-average'} law (${stats.batchVariance} batch variance)`,
    numRuns: 40,
    // Epsilon is drawn too: a layer that folds it into the moving variance breaks the law.
    property: fc.asyncProperty(
      normCaseArb(spec),
      momentumArb,
      fc.integer({ min: 1, max: 30 }),
      epsilonArb,
      async (c, m, k, epsilon) => {
        const [valuesA, valuesB] = [valuesOf(c), valuesOf({ ...c, valuesSeed: (c.valuesSeed + 1) | 0 })];
        const steps = Array.from({ length: k }, (_, i) => ({
          values: i === 0 ? valuesA : valuesB,
          mode: 'training' as const,
        }));
        const trace = await traceNormLayer(spec, setupOf(spec, c, epsilon, m), steps);
        const groups = statisticsGroups(c.shape, layoutOf(spec, c.shape, c.params));
        const [a, b] = [groupStatistics(valuesA, groups), groupStatistics(valuesB, groups)];
        const varianceOf = (s: typeof a) => (stats.batchVariance === 'biased' ? s.variance : unbiasedVariance(s));
        const [initial, last] = [trace.running[0], trace.running[k]];
        if (initial.mean.length !== groups.count)
          throw new ClaimViolation(
            `${spec.id}: ${initial.mean.length} running means, but the layout has ${groups.count} statistics groups`,
          );
        if (
          initial.mean.some((v) => v !== stats.initialMean) ||
          initial.variance.some((v) => v !== stats.initialVariance)
        )
          throw new ClaimViolation(
            `${spec.id}: running statistics start at mean ${initial.mean} / variance ${initial.variance}`,
          );
        const close = (actual: number[], expected: number[]) =>
          actual.every((x, g) => Math.abs(x - expected[g]) <= 1e-4 * Math.max(1, Math.abs(expected[g])));
        const [varA, varB] = [varianceOf(a), varianceOf(b)];
        const mean = a.mean.map((mu, g) => expectedRunning(stats.update, m, k, stats.initialMean, mu, b.mean[g]));
        const variance = varA.map((v, g) => expectedRunning(stats.update, m, k, stats.initialVariance, v, varB[g]));
        if (!close(last.mean, mean))
          throw new ClaimViolation(
            `${spec.id}: after 1 update with batch A and ${k - 1} with batch B, momentum ${m}: running mean ${last.mean}, the law says ${mean}`,
          );
        if (!close(last.variance, variance))
          throw new ClaimViolation(
            `${spec.id}: after 1 update with batch A and ${k - 1} with batch B, momentum ${m}: running variance ${last.variance}, the law says ${variance}`,
          );
      },
    ),
  };
}

interface Transform {
  seed: number;
}

/**
 * The output does not change when each statistics group is shifted (b_g in [-2, 2]) and/or scaled
 * (a_g in [0.25, 4]). Exact up to epsilon, which enters as eps / a^2: the property uses eps = 1e-9
 * (not drawn) and inputs whose groups have a spread (sd >= 0.05 of the data scale), so eps moves the
 * output by under 1e-5 of its scale. A layer that ignores it and uses 1e-3 fails, with the epsilon hint.
 */
function invariance(spec: NormSpec, inv: Invariance, mode: NormMode): NormLaw {
  const epsilon = 1e-9;
  const what = [inv.shift && 'shift', inv.scale && 'positive scale'].filter(Boolean).join(' and ');
  return {
    name: `${mode} mode: output unchanged by a ${what} of each statistics group`,
    numRuns: 60,
    property: fc.asyncProperty(
      normCaseArb(spec, { scales: [1, 10], shifts: [0, 0.5] }),
      fc.record<Transform>({ seed: fc.integer() }),
      async (c, t) => {
        const values = valuesOf(c);
        const layout = layoutOf(spec, c.shape, c.params);
        const groups = statisticsGroups(c.shape, layout);
        const stats = groupStatistics(values, groups, layout.centered);
        // A centered one-element group normalizes to 0 whatever its value; any other group needs a spread.
        fc.pre(
          stats.variance.every((v, g) => (layout.centered && stats.size[g] === 1) || Math.sqrt(v) >= 0.05 * c.scale),
        );
        const shifts = seededValues(groups.count, t.seed).map((u) => (inv.shift ? 2 * u : 0));
        const scales = seededValues(groups.count, t.seed + 1).map((u) => (inv.scale ? 2 ** (2 * u) : 1));
        const transformed = values.map(
          (v, i) => v * scales[groups.ofElement[i]] + shifts[groups.ofElement[i]] * c.scale,
        );
        await withEpsilonHint(spec, c, epsilon, [values, transformed], async () => {
          const setup = setupOf(spec, c, epsilon);
          const trace = await traceNormLayer(spec, setup, [
            { values, mode },
            { values: transformed, mode },
          ]);
          const [a, b] = trace.outputs;
          const n = trace.affine.gamma?.length ?? trace.affine.beta?.length ?? 1;
          for (let i = 0; i < a.length; i++) {
            const ch = i % n;
            const [gamma, beta] = [trace.affine.gamma?.[ch] ?? 1, trace.affine.beta?.[ch] ?? 0];
            const unit = Math.max(Math.abs(gamma), Math.abs(a[i] - beta));
            if (!(Math.abs(a[i] - b[i]) <= 1e-3 * unit)) {
              const g = groups.ofElement[i];
              throw new ClaimViolation(
                `${spec.id} (${mode} mode): output[${i}] changed from ${a[i]} to ${b[i]} when its statistics group ${g} was scaled by ${scales[g]} and shifted by ${shifts[g] * c.scale}`,
              );
            }
          }
        });
      },
    ),
  };
}

/** The training-mode input gradient (tfjs autodiff) agrees with central differences. */
function gradient(spec: NormSpec): NormLaw {
  const h = 1e-3;
  return {
    name: 'the training-mode input gradient matches central differences',
    numRuns: 20,
    property: fc.asyncProperty(
      normCaseArb(spec, { scales: [1], shifts: [0, 0.5] }),
      fc.integer(),
      epsilonArb,
      async (c, probeSeed, epsilon) => {
        const layout = layoutOf(spec, c.shape, c.params);
        const groups = statisticsGroups(c.shape, layout);
        // Central differences in float32 need groups with a spread well above h. Stretching the few narrow
        // groups keeps every case (discarding them failed the health check on small groups, e.g. an
        // InstanceNorm over 1x2 pixels); only a group of equal values, which has no spread, is discarded.
        const values = withGroupSpread(valuesOf(c), groups, layout.centered, 0.1);
        fc.pre(values !== undefined);
        const n = values.length;
        const picks = Array.from(seededValues(Math.min(n, 6), probeSeed), (u) => Math.floor(((u + 1) / 2) * n) % n);
        const coordinates = [...new Set(picks)];
        const outputWeights = seededValues(n, probeSeed + 1);
        const probe = await probeNormGradient(spec, setupOf(spec, c, epsilon), values, outputWeights, coordinates, h);
        const scale = Math.max(1, ...probe.numeric.map(Math.abs));
        probe.analytic.forEach((g, j) => {
          if (!(Math.abs(g - probe.numeric[j]) <= 1e-2 * scale))
            throw new ClaimViolation(
              `${spec.id}: d/dx[${coordinates[j]}] is ${g} by autodiff, ${probe.numeric[j]} by central differences (h = ${h})`,
            );
        });
      },
    ),
  };
}

const sameBits = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/** A model holding the layer, saved to files and loaded back, has the same class, config, weights and outputs. */
function saveLoadRoundTrip(spec: NormSpec): NormLaw {
  return {
    name: 'a model holding the layer survives a save/load round trip through files, bit for bit',
    numRuns: 4,
    property: fc.asyncProperty(
      normCaseArb(spec),
      fc.integer({ min: 0, max: 3 }),
      epsilonArb,
      async (c, updates, epsilon) => {
        const dir = await mkdtemp(path.join(os.tmpdir(), `normprop-${spec.id}-`));
        try {
          const r = await roundTripNormModel(spec, setupOf(spec, c, epsilon, 0.5), valuesOf(c), updates, dir);
          if (r.loadedClassName !== r.className)
            throw new ClaimViolation(`${spec.id}: saved a ${r.className}, loaded a ${r.loadedClassName}`);
          if (JSON.stringify(r.configAfter) !== JSON.stringify(r.configBefore))
            throw new ClaimViolation(
              `${spec.id}: config changed in the round trip: ${JSON.stringify(r.configBefore)} -> ${JSON.stringify(r.configAfter)}`,
            );
          r.weightsBefore.forEach((w, i) => {
            if (!sameBits(w, r.weightsAfter[i]))
              throw new ClaimViolation(`${spec.id}: weight ${i} changed in the round trip`);
          });
          ['inference', 'training'].forEach((mode, i) => {
            if (!sameBits(r.before[i], r.after[i]))
              throw new ClaimViolation(`${spec.id}: ${mode}-mode output differs after the round trip`);
          });
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
    ),
  };
}

/** fit() trains gamma and beta exactly when the spec says so, and moves running statistics where there are any. */
function fitTrainsWhatItShould(spec: NormSpec): NormLaw {
  const rank = Math.max(...spec.ranks);
  const shape = rank === 2 ? [4, 4] : [4, 2, 2, 4];
  return {
    name: `fit() ${spec.trainsAffine ? 'trains' : 'leaves'} gamma and beta${spec.runningStatistics ? ' and moves the running statistics' : ''}`,
    numRuns: 4,
    property: fc.asyncProperty(
      spec.parameters(shape[shape.length - 1]),
      fc.integer(),
      epsilonArb,
      async (params, seed, epsilon) => {
        const c: NormCase = { shape, params, valuesSeed: seed, scale: 1, shift: 0, affineSeed: seed + 2 };
        const step = await fitStepOfNormModel(spec, setupOf(spec, c, epsilon, 0.5), valuesOf(c), [0, 1, 2, 3]);
        const affine = step.weights.filter((w) => w === 'gamma' || w === 'beta');
        const expected = new Set([
          ...(spec.trainsAffine ? affine : []),
          ...(spec.runningStatistics
            ? [
                spec.runningStatistics.meanWeight,
                spec.runningStatistics.varianceWeight,
                ...(spec.runningStatistics.auxiliaryWeights ?? []),
              ]
            : []),
        ]);
        const trainable = new Set(step.trainable);
        for (const name of affine) {
          if (trainable.has(name) !== spec.trainsAffine)
            throw new ClaimViolation(
              `${spec.id}: ${name} is ${trainable.has(name) ? '' : 'not '}among the trainable weights`,
            );
        }
        const changed = [...step.changed].sort().join(', ');
        if (changed !== [...expected].sort().join(', '))
          throw new ClaimViolation(
            `${spec.id}: one fit() step changed [${changed}], expected [${[...expected].sort().join(', ')}]`,
          );
      },
    ),
  };
}

export function normLaws(spec: NormSpec): NormLaw[] {
  const laws = [normalizesAsDeclared(spec), trainingVsInference(spec)];
  if (spec.runningStatistics) laws.push(runningStatisticsLaw(spec));
  for (const inv of spec.invariances) for (const mode of inv.modes) laws.push(invariance(spec, inv, mode));
  laws.push(gradient(spec), saveLoadRoundTrip(spec), fitTrainsWhatItShould(spec));
  return laws;
}
