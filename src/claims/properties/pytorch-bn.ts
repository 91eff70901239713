import fc from 'fast-check';
import { batchSequence, sequenceValues, shiftedBatch, shiftedValues } from '../../arbitraries/shifted-batches.js';
import { traceNormLayer } from '../../experiment/norm-layer-trace.js';
import { ClaimViolation } from '../../harness-error.js';
import batchNorm from '../../norm/specs/batch-norm.js';
import { seededValues } from '../../stats/seeded-values.js';
import { gamma, maxAbs } from './float32-bound.js';
import { channelMoments } from '../../stats/channel-moments.js';
import { torchMomentum, torchRunningStatistics } from './pytorch-rule.js';

/**
 * The PyTorch BatchNorm2d documentation as a translation to tfjs's BatchNormalization: each property
 * runs tfjs's real layer (training-mode calls on generated batches) and sets it beside PyTorch's
 * documented rule computed in TypeScript (pytorch-rule.ts).
 */
const EPSILON = 1e-3;

/** Keras/tfjs momentum values a user would translate; the first (tfjs's default) is where shrinking ends. */
export const kerasMomentum = fc.constantFrom(0.99, 0.9, 0.5, 0.1, 0);

/** tfjs's moving statistics after each training-mode call on the sequence's batches (running[0] is the initial state). */
async function tfjsRunning(values: Float32Array[], m: number, channels: number, momentum: number) {
  const trace = await traceNormLayer(
    batchNorm,
    { shape: [m, channels], momentum, epsilon: EPSILON, params: {} },
    values.map((v) => ({ values: v, mode: 'training' as const })),
  );
  return trace.running.slice(1);
}

/**
 * Float32 room for k updates of statistics of m values: each batch variance is a sum of 2m products and
 * quotients (gamma(2m + 4) times 2 max x^2), each update a few roundings of values up to that size.
 */
function updateBound(values: Float32Array[], m: number): number {
  const big = Math.max(...values.map((v) => maxAbs(v)));
  return values.length * gamma(2 * m + 8) * (2 * big * big + 2 * big + 2);
}

export interface TranslationWitness extends Record<string, number> {
  samplesPerBatch: number;
  batches: number;
  momentumKeras: number;
  momentumTorch: number;
  tfjsMovingVariance: number;
  torchRunningVariance: number;
  torchRuleWithBiasedVariance: number;
  lastBiasedBatchVariance: number;
  lastUnbiasedBatchVariance: number;
}

/**
 * PT1 (which 'translation') and PT2 (which 'unbiased'): tfjs's moving statistics against PyTorch's rule with
 * momentum_torch = 1 - momentum_keras. 'translation' feeds the rule the biased batch variance (what tfjs
 * divides by); 'unbiased' feeds it PyTorch's own unbiased one.
 */
export function momentumTranslation(which: 'translation' | 'unbiased', seen: { last?: TranslationWitness } = {}) {
  return fc.asyncProperty(batchSequence, kerasMomentum, async (s, mk) => {
    const values = sequenceValues(s);
    const tfjs = await tfjsRunning(values, s.m, s.channels, mk);
    const rule = torchRunningStatistics(values, s.channels, torchMomentum(mk), which === 'unbiased');
    const tol = updateBound(values, s.m);
    for (let t = 0; t < values.length; t++)
      for (let c = 0; c < s.channels; c++) {
        const meanOff = Math.abs(tfjs[t].mean[c] - rule[t].mean[c]) > tol;
        const varianceOff = Math.abs(tfjs[t].variance[c] - rule[t].variance[c]) > tol;
        if (meanOff || varianceOff) {
          const last = values[values.length - 1];
          seen.last = {
            samplesPerBatch: s.m,
            batches: values.length,
            momentumKeras: mk,
            momentumTorch: torchMomentum(mk),
            tfjsMovingVariance: tfjs[tfjs.length - 1].variance[0],
            torchRunningVariance: torchRunningStatistics(values, s.channels, torchMomentum(mk), true).at(-1)!
              .variance[0],
            torchRuleWithBiasedVariance: torchRunningStatistics(values, s.channels, torchMomentum(mk), false).at(-1)!
              .variance[0],
            lastBiasedBatchVariance: channelMoments(last, s.channels, false).variance[0],
            lastUnbiasedBatchVariance: channelMoments(last, s.channels, true).variance[0],
          };
          return false;
        }
      }
    return true;
  });
}

export interface CumulativeWitness extends Record<string, number> {
  batches: number;
  momentumKeras: number;
  tfjsMovingMean: number;
  cumulativeAverageOfBatchMeans: number;
}

/** PT3: PyTorch's momentum=None (the cumulative average of the batch statistics) against tfjs's moving mean at a fixed momentum. */
export function cumulativeAverage(seen: { last?: CumulativeWitness } = {}) {
  return fc.asyncProperty(batchSequence, kerasMomentum, async (s, mk) => {
    const values = sequenceValues(s);
    const tfjs = (await tfjsRunning(values, s.m, s.channels, mk)).at(-1)!;
    const average = torchRunningStatistics(values, s.channels, null).at(-1)!;
    const tol = updateBound(values, s.m);
    for (let c = 0; c < s.channels; c++)
      if (Math.abs(tfjs.mean[c] - average.mean[c]) > tol) {
        seen.last = {
          batches: values.length,
          momentumKeras: mk,
          tfjsMovingMean: tfjs.mean[c],
          cumulativeAverageOfBatchMeans: average.mean[c],
        };
        return false;
      }
    return true;
  });
}

/**
 * PT4: track_running_stats=False normalizes with the batch's statistics in evaluation too; tfjs's counterpart
 * is a training-mode call, whose output must equal (x - batch mean) / sqrt(biased batch variance + eps).
 */
export function batchStatisticsOutput(room = { worst: 0 }) {
  return fc.asyncProperty(shiftedBatch, async (b) => {
    const values = shiftedValues(b);
    const trace = await traceNormLayer(batchNorm, { shape: [b.m, b.channels], epsilon: EPSILON, params: {} }, [
      { values, mode: 'training' },
    ]);
    const { mean, variance } = channelMoments(values, b.channels, false);
    let worst = 0;
    let bound = 0;
    for (let i = 0; i < values.length; i++) {
      const c = i % b.channels;
      const sigma = Math.sqrt(variance[c] + EPSILON);
      worst = Math.max(worst, Math.abs(trace.outputs[0][i] - (values[i] - mean[c]) / sigma));
      // The cancellation in x - mean, carried through 1/sigma, times the sums' rounding (as GN3's bound).
      bound = Math.max(bound, ((maxAbs(values) + Math.abs(mean[c])) / sigma) * (1 + Math.sqrt(b.m)));
    }
    const tol = 2 * gamma(2 * b.m + 8) * bound;
    room.worst = Math.max(room.worst, worst / tol);
    return worst <= tol;
  });
}

export interface SingleValueWitness extends Record<string, number> {
  channels: number;
  input: number;
  output: number;
  beta: number;
}

/** One sample, one value per channel (N * H * W = 1), with gamma 1 and a seeded beta. */
export const singleValueBatch = fc.record({ channels: fc.integer({ min: 1, max: 4 }), seed: fc.integer() });

/**
 * PT5: in training mode, a batch with one value per channel is an error (PyTorch raises). tfjs is judged by
 * whether its training-mode call throws; a call that returns violates the rule.
 */
export function singleValueIsAnError(seen: { last?: SingleValueWitness } = {}) {
  return fc.asyncProperty(singleValueBatch, async ({ channels, seed }) => {
    const values = seededValues(channels, seed);
    // beta in [-4, -2), the input in [-1, 1): an output equal to beta cannot be the input passed through.
    const beta = seededValues(channels, seed + 1).map((v) => v - 3);
    let trace;
    try {
      trace = await traceNormLayer(batchNorm, { shape: [1, channels], epsilon: EPSILON, params: {}, beta }, [
        { values, mode: 'training' },
      ]);
    } catch {
      return true; // refusing the batch is what PyTorch's rule asks for
    }
    const output = trace.outputs[0];
    seen.last = { channels, input: values[0], output: output[0], beta: beta[0] };
    throw new ClaimViolation(
      `tfjs returned [${Array.from(output).join(', ')}] (beta [${Array.from(beta).join(', ')}]) for one value per channel in training mode instead of refusing it`,
    );
  });
}
