import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { nhwcCase, sampleShift, type NhwcCase } from '../../arbitraries/nhwc-cases.js';
import { magnitudeScale } from '../../arbitraries/scales.js';
import { GroupNormalization, InstanceNormalization } from '../../norm/layers/group-normalization.js';
import { seededValues } from '../../stats/seeded-values.js';
import { gamma, maxAbs, maxAbsDiff } from './float32-bound.js';

/**
 * Wu & He 2018 (arXiv 1803.08494) as properties on normprop's GroupNormalization / InstanceNormalization
 * layers, tfjs's LayerNormalization and tfjs's BatchNormalization.
 */
const shapeOf = (c: NhwcCase) => [c.m, c.h, c.w, c.c];
const perSample = (c: NhwcCase) => c.h * c.w * c.c;

/** Applies a fresh layer to a batch and returns the output (training mode for BN; GN has no other). */
function applyFresh(make: () => tf.layers.Layer, values: Float32Array, shape: number[]): Float32Array {
  const layer = make();
  try {
    return tf.tidy(
      () => (layer.apply(tf.tensor(values, shape), { training: true }) as tf.Tensor).dataSync() as Float32Array,
    );
  } finally {
    for (const v of layer.weights) v.dispose();
  }
}

/** What a batch-dependence counterexample shows: the kept sample's output moved while it stayed the same and the others changed. */
export interface DependenceWitness {
  keptSample: number;
  batchSize: number;
  othersChangedBy: number;
  keptOutputChangedBy: number;
}

/**
 * One sample kept, every other sample replaced by different values (a new seed, shifted by `shift` >= 0.5, so
 * they cannot coincide); the kept sample's output must be bit for bit the same.
 */
export function sampleIndependence(make: (c: NhwcCase) => tf.layers.Layer, seen: { last?: DependenceWitness } = {}) {
  return fc.property(nhwcCase, fc.nat(), fc.integer(), sampleShift, (c, keep, otherSeed, shift) => {
    const k = keep % c.m;
    const n = perSample(c);
    const a = seededValues(c.m * n, c.seed);
    const b = seededValues(c.m * n, otherSeed).map((v) => v + shift);
    b.set(a.subarray(k * n, (k + 1) * n), k * n);
    const outA = applyFresh(() => make(c), a, shapeOf(c)).subarray(k * n, (k + 1) * n);
    const outB = applyFresh(() => make(c), b, shapeOf(c)).subarray(k * n, (k + 1) * n);
    const keptOutputChangedBy = maxAbsDiff(outA, outB);
    if (keptOutputChangedBy === 0) return true;
    seen.last = { keptSample: k, batchSize: c.m, othersChangedBy: maxAbsDiff(a, b), keptOutputChangedBy };
    return false;
  });
}

export const groupNorm = (c: NhwcCase) => new GroupNormalization({ groups: c.groups });
export const batchNorm = () => tf.layers.batchNormalization({ axis: -1 });

/**
 * Float32 bound for two normalizations of the same groups of values computed in different orders:
 * gamma(2N + 8) times (|x| + |mean|) / sigma, the cancellation in x - mean, times (1 + |xhat|), taken over
 * every (sample, group) of N values.
 */
function normBound(values: Float32Array, c: NhwcCase, groups: number, epsilon: number): number {
  const perGroup = c.c / groups;
  const n = c.h * c.w * perGroup;
  let worst = 0;
  for (let s = 0; s < c.m; s++) {
    for (let g = 0; g < groups; g++) {
      const x: number[] = [];
      for (let i = s * perSample(c); i < (s + 1) * perSample(c); i++)
        if (Math.floor((i % c.c) / perGroup) === g) x.push(values[i]);
      const mean = x.reduce((p, v) => p + v, 0) / n;
      const variance = x.reduce((p, v) => p + (v - mean) ** 2, 0) / n;
      worst = Math.max(worst, ((maxAbs(x) + Math.abs(mean)) / Math.sqrt(variance + epsilon)) * (1 + Math.sqrt(n)));
    }
  }
  return 2 * gamma(2 * n + 8) * worst;
}

function instanceReference(values: Float32Array, shape: number[], epsilon: number): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor(values, shape);
    const { mean, variance } = tf.moments(x, [1, 2], true);
    return tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, epsilon))).dataSync() as Float32Array;
  });
}

/** §3.1: GN with G = 1 is LayerNorm over (H, W, C) (tfjs LayerNormalization, axes 1-3); G = C is InstanceNorm. */
export function extremes(which: 'G=1 vs LayerNorm' | 'G=C vs InstanceNorm', room = { worst: 0 }) {
  const epsilon = 1e-3;
  return fc.property(nhwcCase, magnitudeScale, (c, scale) => {
    const values = seededValues(c.m * perSample(c), c.seed).map((v) => v * scale);
    const groups = which === 'G=1 vs LayerNorm' ? 1 : c.c;
    const gn = applyFresh(() => new GroupNormalization({ groups, epsilon }), values, shapeOf(c));
    const other = applyFresh(
      () =>
        which === 'G=1 vs LayerNorm'
          ? tf.layers.layerNormalization({ axis: [1, 2, 3], epsilon })
          : new InstanceNormalization({ epsilon }),
      values,
      shapeOf(c),
    );
    const tol = normBound(values, c, groups, epsilon);
    // InstanceNormalization is GroupNormalization(groups = -1) in normprop, so G = C is also held against
    // tf.moments over H and W per sample and channel, which shares no code with either.
    const independent = which === 'G=C vs InstanceNorm' ? instanceReference(values, shapeOf(c), epsilon) : other;
    const error = Math.max(maxAbsDiff(gn, other), maxAbsDiff(gn, independent));
    room.worst = Math.max(room.worst, error / tol);
    return error <= tol;
  });
}
