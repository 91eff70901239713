import fc from 'fast-check';
import { bnBatch, epsilonArb, forgettingMomentumArb, momentumArb, seededAffine, valuesOf } from '../../arbitraries/norm-cases.js';
import { channelStatistics, tfjsBatchNorm, traceBnLayer, type BatchNormMaker } from '../../experiment/bn-layer-trace.js';
import { errorInUnits, statisticsGroups } from '../../norm/reference.js';
import batchNorm from '../../norm/specs/batch-norm.js';
import { maxRelativeError } from '../../stats/float32-bounds.js';
import { updatesToForget } from './norm-setup.js';

/**
 * The layer-level BN claims (C01-C04) as fast-check properties over generated batches, momenta and
 * epsilons, on a real tfjs BatchNormalization layer (or any maker with its interface).
 */
const TOLERANCE = 1e-4;

function normalize(values: Float32Array, channels: number, mean: number[], variance: number[], epsilon: number, gamma: Float32Array, beta: Float32Array): Float64Array {
  return Float64Array.from(values, (v, i) => {
    const c = i % channels;
    return ((v - mean[c]) / Math.sqrt(variance[c] + epsilon)) * gamma[c] + beta[c];
  });
}

/** C01: training mode uses the batch statistics (biased variance), inference the moving ones. */
export function batchVsMovingStatistics(make: BatchNormMaker = tfjsBatchNorm) {
  return fc.property(bnBatch, momentumArb, epsilonArb, fc.integer(), (b, momentum, epsilon, paramSeed) => {
    const channels = b.shape[b.shape.length - 1];
    const values = valuesOf(b);
    const { gamma, beta } = seededAffine(channels, paramSeed);
    const t = traceBnLayer({ values, shape: b.shape, momentum, epsilon, updates: 1, gamma, beta }, make);
    const stats = channelStatistics(values, channels);
    const expectedTraining = normalize(values, channels, stats.mean, stats.biasedVariance, t.epsilon, gamma, beta);
    const expectedInference = normalize(values, channels, t.initialMovingMean, t.initialMovingVariance, t.epsilon, gamma, beta);
    // Float32 error grows with |x| / sigma (a raw-pixel batch of two has a tiny sigma next to a mean of 127.5).
    const layout = batchNorm.statistics(b.shape.length, channels, {});
    const trainingError = errorInUnits(t.training, expectedTraining, values, statisticsGroups(b.shape, layout), layout, t.epsilon, { gamma, beta }).error;
    const inferenceError = maxRelativeError(t.inferenceBefore, expectedInference);
    if (trainingError > TOLERANCE) throw new Error(`training-mode output is not (x - batch mean) / sqrt(batch variance + eps): error ${trainingError} (in units of |gamma| (|x| + |mean| + 1) / sigma + |beta| + 1)`);
    if (inferenceError > TOLERANCE) throw new Error(`inference-mode output is not (x - moving mean) / sqrt(moving variance + eps): relative error ${inferenceError}`);
  });
}

/** C02: moving mean starts at 0, moving variance at 1, momentum defaults to 0.99 (epsilon to 1e-3). */
export function defaults(make: BatchNormMaker = tfjsBatchNorm) {
  return fc.property(bnBatch, (b) => {
    const t = traceBnLayer({ values: valuesOf(b), shape: b.shape, updates: 0 }, make);
    if (t.initialMovingMean.some((v) => v !== 0)) throw new Error(`moving mean starts at ${t.initialMovingMean}, not 0`);
    if (t.initialMovingVariance.some((v) => v !== 1)) throw new Error(`moving variance starts at ${t.initialMovingVariance}, not 1`);
    if (t.momentum !== 0.99) throw new Error(`default momentum is ${t.momentum}, not 0.99`);
    if (t.epsilon !== 1e-3) throw new Error(`default epsilon is ${t.epsilon}, not 1e-3`);
  });
}

export interface LawObservation {
  /** Runs where the stored variance matched the biased (divide by N) batch variance, and the unbiased one. */
  biasedFits: number;
  unbiasedFits: number;
}

/** C03: after k updates with fixed statistics, mean_k = (1-m^k) mu and var_k = m^k + (1-m^k) var. */
export function movingAverageLaw(make: BatchNormMaker = tfjsBatchNorm, seen: LawObservation = { biasedFits: 0, unbiasedFits: 0 }) {
  return fc.property(bnBatch, momentumArb, fc.integer({ min: 1, max: 40 }), (b, m, k) => {
    const channels = b.shape[b.shape.length - 1];
    const values = valuesOf(b);
    const t = traceBnLayer({ values, shape: b.shape, momentum: m, updates: k }, make);
    const stats = channelStatistics(values, channels);
    const mk = m ** k;
    const meanK = stats.mean.map((mu) => (1 - mk) * mu);
    const varK = (variance: number[]) => variance.map((v) => mk + (1 - mk) * v);
    const close = (actual: number[], expected: number[]) =>
      actual.every((a, c) => Math.abs(a - expected[c]) <= TOLERANCE * Math.max(1, Math.abs(expected[c])));
    const mean = t.movingMean[k - 1];
    const variance = t.movingVariance[k - 1];
    if (!close(mean, meanK)) throw new Error(`after ${k} updates with momentum ${m}: moving mean ${mean}, law says ${meanK}`);
    const biased = close(variance, varK(stats.biasedVariance));
    if (stats.count > 1 && mk < 1 && close(variance, varK(stats.unbiasedVariance))) seen.unbiasedFits++;
    if (!biased) throw new Error(`after ${k} updates with momentum ${m}: moving variance ${variance}, law (biased batch variance) says ${varK(stats.biasedVariance)}`);
    seen.biasedFits++;
  });
}

/**
 * C04 (one layer): once m^k is below 1e-6, inference output equals training-mode output, up to the
 * float32 precision of the moving statistics. That precision is relative to the data's own scale
 * (a mean of 127.5 is stored to about 1e-5) and is then divided by sqrt(var + eps), so the gap is
 * measured in units of max(|mu|, sigma, 1) / sqrt(var + eps) per channel.
 */
export function inferenceConvergesToTraining(make: BatchNormMaker = tfjsBatchNorm) {
  return fc.property(bnBatch, forgettingMomentumArb, (b, m) => {
    const k = updatesToForget(m);
    const channels = b.shape[b.shape.length - 1];
    const values = valuesOf(b);
    const t = traceBnLayer({ values, shape: b.shape, momentum: m, updates: k }, make);
    const stats = channelStatistics(values, channels);
    const unit = stats.mean.map((mu, c) => Math.max(Math.abs(mu), Math.sqrt(stats.biasedVariance[c]), 1) / Math.sqrt(stats.biasedVariance[c] + t.epsilon));
    const gap = (output: Float32Array) => Math.max(...Array.from(output, (v, i) => Math.abs(v - t.training[i]) / unit[i % channels]));
    const after = gap(t.inferenceAfter);
    if (after > 1e-4) throw new Error(`after ${k} updates (m^k = ${m ** k}) inference still differs from training mode by ${after} (in units of the data's scale); before the updates: ${gap(t.inferenceBefore)}`);
  });
}
