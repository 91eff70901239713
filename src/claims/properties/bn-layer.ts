import fc from 'fast-check';
import {
  bnBatch,
  epsilonArb,
  forgettingMomentumArb,
  momentumArb,
  valuesOf,
  type SeededBatch,
} from '../../arbitraries/norm-cases.js';
import { inferenceAroundUpdates, traceNormLayer, type NormLayerSetup } from '../../experiment/norm-layer-trace.js';
import { HarnessError, ClaimViolation } from '../../harness-error.js';
import {
  errorInUnits,
  groupStatistics,
  normalizeWith,
  referenceNormalize,
  statisticsGroups,
  unbiasedVariance,
} from '../../norm/reference.js';
import type { NormSpec, RunningStatistics } from '../../norm/spec.js';
import { maxRelativeError } from '../../stats/float32-bounds.js';
import { layoutOf, setupOf, updatesToForget } from './norm-setup.js';

/**
 * The layer-level BN claims (C01-C04) as fast-check properties over generated batches, momenta and
 * epsilons, on the layer a spec with running statistics builds: tfjs's BatchNormalization
 * (src/norm/specs/batch-norm.ts) for the claims, a deliberately broken one in the tests that show
 * the properties catch it.
 */
const TOLERANCE = 1e-4;

function runningStatisticsOf(spec: NormSpec): RunningStatistics {
  if (!spec.runningStatistics)
    throw new HarnessError(
      `unsupported: ${spec.id} keeps no running statistics, which the BatchNorm layer claims are about`,
    );
  return spec.runningStatistics;
}

/** The batch's layer (the spec's ResNet hyper-parameters for its channels) and its statistics groups. */
function layerFor(spec: NormSpec, b: SeededBatch) {
  const params = spec.modelParameters(b.shape[b.shape.length - 1]);
  const layout = layoutOf(spec, b.shape, params);
  return { params, layout, groups: statisticsGroups(b.shape, layout) };
}

/**
 * The spec's layer on one batch: inference, `updates` training-mode calls, inference again; the
 * running statistics before and after each update, and the layer's config (its defaults filled in).
 */
async function traceUpdates(spec: NormSpec, setup: NormLayerSetup, values: Float32Array, updates: number) {
  const trace = await traceNormLayer(spec, setup, inferenceAroundUpdates(values, updates));
  return {
    config: trace.config as { momentum?: number; epsilon?: number },
    initial: trace.running[0],
    inferenceBefore: trace.outputs[0],
    /** The first training-mode call's output. */
    training: trace.outputs[1],
    /** Running statistics after each update (the first call was an inference one). */
    afterUpdates: trace.running.slice(2, 2 + updates),
    inferenceAfter: trace.outputs[updates + 1],
  };
}

/** C01: training mode uses the batch statistics (biased variance), inference the moving ones. */
export function batchVsMovingStatistics(spec: NormSpec) {
  runningStatisticsOf(spec);
  return fc.asyncProperty(bnBatch, momentumArb, epsilonArb, fc.integer(), async (b, momentum, epsilon, paramSeed) => {
    const values = valuesOf(b);
    const { params, layout, groups } = layerFor(spec, b);
    const setup = setupOf(spec, { shape: b.shape, params, affineSeed: paramSeed }, epsilon, momentum);
    const t = await traceUpdates(spec, setup, values, 1);
    const affine = { gamma: setup.gamma, beta: setup.beta };
    const eps = t.config.epsilon!;
    const expectedTraining = referenceNormalize(values, b.shape, layout, eps, affine.gamma, affine.beta);
    const expectedInference = normalizeWith(
      values,
      groups,
      t.initial.mean,
      t.initial.variance,
      eps,
      affine.gamma,
      affine.beta,
    );
    // Float32 error grows with |x| / sigma (a raw-pixel batch of two has a tiny sigma next to a mean of 127.5).
    const trainingError = errorInUnits(t.training, expectedTraining, values, groups, layout, eps, affine).error;
    const inferenceError = maxRelativeError(t.inferenceBefore, expectedInference);
    if (trainingError > TOLERANCE)
      throw new ClaimViolation(
        `training-mode output is not (x - batch mean) / sqrt(batch variance + eps): error ${trainingError} (in units of |gamma| (|x| + |mean| + 1) / sigma + |beta| + 1)`,
      );
    if (inferenceError > TOLERANCE)
      throw new ClaimViolation(
        `inference-mode output is not (x - moving mean) / sqrt(moving variance + eps): relative error ${inferenceError}`,
      );
  });
}

/** C02: the running statistics start at the spec's initial values (0 and 1), momentum defaults to 0.99 (epsilon to 1e-3). */
export function defaults(spec: NormSpec) {
  const stats = runningStatisticsOf(spec);
  return fc.asyncProperty(bnBatch, async (b) => {
    const t = await traceUpdates(spec, { shape: b.shape, params: layerFor(spec, b).params }, valuesOf(b), 0);
    if (t.initial.mean.some((v) => v !== stats.initialMean))
      throw new ClaimViolation(`moving mean starts at ${t.initial.mean}, not ${stats.initialMean}`);
    if (t.initial.variance.some((v) => v !== stats.initialVariance))
      throw new ClaimViolation(`moving variance starts at ${t.initial.variance}, not ${stats.initialVariance}`);
    if (t.config.momentum !== 0.99) throw new ClaimViolation(`default momentum is ${t.config.momentum}, not 0.99`);
    if (t.config.epsilon !== 1e-3) throw new ClaimViolation(`default epsilon is ${t.config.epsilon}, not 1e-3`);
  });
}

export interface LawObservation {
  /** Runs where the stored variance matched the biased (divide by N) batch variance, and the unbiased one. */
  biasedFits: number;
  unbiasedFits: number;
}

/**
 * C03: after k updates with fixed statistics, mean_k = m^k mean_0 + (1-m^k) mu and var_k = m^k var_0 +
 * (1-m^k) var (with the spec's initial values, 0 and 1: (1-m^k) mu and m^k + (1-m^k) var).
 */
export function movingAverageLaw(spec: NormSpec, seen: LawObservation = { biasedFits: 0, unbiasedFits: 0 }) {
  const initial = runningStatisticsOf(spec);
  if ((initial.update ?? 'moving-average') !== 'moving-average')
    throw new HarnessError(
      `unsupported: ${spec.id} updates its running statistics by the ${initial.update} rule, not the moving-average law C03 states`,
    );
  return fc.asyncProperty(bnBatch, momentumArb, fc.integer({ min: 1, max: 40 }), async (b, m, k) => {
    const values = valuesOf(b);
    const { params, groups } = layerFor(spec, b);
    const t = await traceUpdates(spec, { shape: b.shape, params, momentum: m }, values, k);
    const stats = groupStatistics(values, groups);
    const mk = m ** k;
    const meanK = stats.mean.map((mu) => mk * initial.initialMean + (1 - mk) * mu);
    const varK = (variance: number[]) => variance.map((v) => mk * initial.initialVariance + (1 - mk) * v);
    const close = (actual: number[], expected: number[]) =>
      actual.every((a, c) => Math.abs(a - expected[c]) <= TOLERANCE * Math.max(1, Math.abs(expected[c])));
    const { mean, variance } = t.afterUpdates[k - 1];
    if (!close(mean, meanK))
      throw new ClaimViolation(`after ${k} updates with momentum ${m}: moving mean ${mean}, law says ${meanK}`);
    const biased = close(variance, varK(stats.variance));
    if (stats.size[0] > 1 && mk < 1 && close(variance, varK(unbiasedVariance(stats)))) seen.unbiasedFits++;
    if (!biased)
      throw new ClaimViolation(
        `after ${k} updates with momentum ${m}: moving variance ${variance}, law (biased batch variance) says ${varK(stats.variance)}`,
      );
    seen.biasedFits++;
  });
}

/**
 * C04 (one layer): once m^k is below 1e-6, inference output equals training-mode output, up to the
 * float32 precision of the moving statistics. That precision is relative to the data's own scale
 * (a mean of 127.5 is stored to about 1e-5) and is then divided by sqrt(var + eps), so the gap is
 * measured in units of max(|mu|, sigma, 1) / sqrt(var + eps) per statistics group.
 */
export function inferenceConvergesToTraining(spec: NormSpec) {
  runningStatisticsOf(spec);
  return fc.asyncProperty(bnBatch, forgettingMomentumArb, async (b, m) => {
    const k = updatesToForget(m);
    const values = valuesOf(b);
    const { params, groups } = layerFor(spec, b);
    const t = await traceUpdates(spec, { shape: b.shape, params, momentum: m }, values, k);
    const stats = groupStatistics(values, groups);
    const eps = t.config.epsilon!;
    const unit = stats.mean.map(
      (mu, g) => Math.max(Math.abs(mu), Math.sqrt(stats.variance[g]), 1) / Math.sqrt(stats.variance[g] + eps),
    );
    const gap = (output: Float32Array) =>
      Math.max(...Array.from(output, (v, i) => Math.abs(v - t.training[i]) / unit[groups.ofElement[i]]));
    const after = gap(t.inferenceAfter);
    if (after > 1e-4)
      throw new ClaimViolation(
        `after ${k} updates (m^k = ${m ** k}) inference still differs from training mode by ${after} (in units of the data's scale); before the updates: ${gap(t.inferenceBefore)}`,
      );
  });
}
