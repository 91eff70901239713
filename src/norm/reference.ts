import type { StatisticsLayout } from './spec.js';

/**
 * The normalization a spec declares, computed in float64 from its statistics layout: what the
 * layer's training-mode output should be, and which elements share a statistic (the groups an
 * invariance transform must be constant on).
 */
export interface Groups {
  /** Statistics group of each element (channel-last, row-major). */
  ofElement: Int32Array;
  count: number;
}

export function statisticsGroups(shape: number[], layout: StatisticsLayout): Groups {
  const rank = shape.length;
  const channels = shape[rank - 1];
  const reduced = new Set(layout.reducedAxes);
  if (layout.reducedAxes.some((a) => a < 0 || a >= rank - 1))
    throw new RangeError(`reducedAxes [${layout.reducedAxes}] must be non-channel axes of a rank-${rank} input`);
  if (!(layout.channelsPerGroup >= 1 && channels % layout.channelsPerGroup === 0))
    throw new RangeError(`channelsPerGroup ${layout.channelsPerGroup} must divide ${channels} channels`);
  const size = shape.reduce((p, d) => p * d, 1);
  const ofElement = new Int32Array(size);
  const ids = new Map<string, number>();
  const coords = new Array<number>(rank).fill(0);
  for (let i = 0; i < size; i++) {
    let rest = i;
    for (let a = rank - 1; a >= 0; a--) {
      coords[a] = rest % shape[a];
      rest = Math.floor(rest / shape[a]);
    }
    const key = coords
      .map((c, a) => (a === rank - 1 ? Math.floor(c / layout.channelsPerGroup) : reduced.has(a) ? '*' : c))
      .join(',');
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    ofElement[i] = id;
  }
  return { ofElement, count: ids.size };
}

export interface GroupStatistics {
  size: number[];
  mean: number[];
  /** Biased (divide by N) variance, or mean square for an uncentered layout. */
  variance: number[];
}

export function groupStatistics(values: ArrayLike<number>, groups: Groups, centered = true): GroupStatistics {
  const size = new Array<number>(groups.count).fill(0);
  const sum = new Array<number>(groups.count).fill(0);
  for (let i = 0; i < values.length; i++) {
    size[groups.ofElement[i]]++;
    sum[groups.ofElement[i]] += values[i];
  }
  const mean = sum.map((s, g) => (centered ? s / size[g] : 0));
  const squares = new Array<number>(groups.count).fill(0);
  for (let i = 0; i < values.length; i++) squares[groups.ofElement[i]] += (values[i] - mean[groups.ofElement[i]]) ** 2;
  return { size, mean, variance: squares.map((s, g) => s / size[g]) };
}

/**
 * The values with every group's spread (standard deviation about its mean, or about 0 when not centered)
 * raised to at least `minStd`, by stretching the group about its mean; groups already that spread, and
 * one-element centered groups, stay as they are. Undefined when a group has no spread to stretch (all
 * its values equal). Lets a property that needs spread groups build them instead of discarding cases.
 */
export function withGroupSpread(
  values: ArrayLike<number>,
  groups: Groups,
  centered: boolean,
  minStd: number,
): Float32Array | undefined {
  const stats = groupStatistics(values, groups, centered);
  const stretch = stats.variance.map((v, g) => {
    if (centered && stats.size[g] === 1) return 1;
    const std = Math.sqrt(v);
    // Aim a little above minStd: the stretched values are rounded to float32.
    return std >= minStd ? 1 : std > 0 ? (minStd * 1.001) / std : NaN;
  });
  if (stretch.some(Number.isNaN)) return undefined;
  return Float32Array.from(values, (v, i) => {
    const g = groups.ofElement[i];
    return stats.mean[g] + (v - stats.mean[g]) * stretch[g];
  });
}

/** The unbiased (divide by N - 1) variances of the groups; a one-element group's stays its biased 0. */
export function unbiasedVariance(stats: GroupStatistics): number[] {
  return stats.variance.map((v, g) => (v * stats.size[g]) / Math.max(1, stats.size[g] - 1));
}

/** (x - mean_g) / sqrt(var_g + eps) * gamma_a + beta_a in float64 with the group statistics the layer computes from the input. */
export function referenceNormalize(
  values: ArrayLike<number>,
  shape: number[],
  layout: StatisticsLayout,
  epsilon: number,
  gamma?: ArrayLike<number>,
  beta?: ArrayLike<number>,
): Float64Array {
  const groups = statisticsGroups(shape, layout);
  const stats = groupStatistics(values, groups, layout.centered);
  return normalizeWith(values, groups, stats.mean, stats.variance, epsilon, gamma, beta);
}

/** (x - mean_g) / sqrt(var_g + eps) * gamma_a + beta_a in float64 with given statistics (a layer's running ones), a: the element's index in gamma/beta's trailing axes. */
export function normalizeWith(
  values: ArrayLike<number>,
  groups: Groups,
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  epsilon: number,
  gamma?: ArrayLike<number>,
  beta?: ArrayLike<number>,
): Float64Array {
  // gamma and beta span the trailing axes (the channel axis, or e.g. [H, W, C]): row-major, index i mod their size.
  const affineSize = gamma?.length ?? beta?.length ?? 1;
  return Float64Array.from({ length: values.length }, (_, i) => {
    const g = groups.ofElement[i];
    const c = i % affineSize;
    return ((values[i] - mean[g]) / Math.sqrt(variance[g] + epsilon)) * (gamma ? gamma[c] : 1) + (beta ? beta[c] : 0);
  });
}

/** Per-channel gamma and beta; undefined where the layer has none (gamma 1, beta 0). */
export interface AffineValues {
  gamma?: ArrayLike<number>;
  beta?: ArrayLike<number>;
}

/**
 * Float32 rounding in a normalization grows with |x| / sigma; errors are measured in that unit
 * (times |gamma|, plus |beta|), so one tolerance fits raw-pixel and unit-range data alike.
 */
export function errorInUnits(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  values: ArrayLike<number>,
  groups: Groups,
  layout: StatisticsLayout,
  epsilon: number,
  affine: AffineValues,
): { error: number; index: number } {
  const stats = groupStatistics(values, groups, layout.centered);
  const channels = affine.gamma?.length ?? affine.beta?.length ?? 1;
  const gamma = (c: number) => (affine.gamma ? affine.gamma[c] : 1);
  const beta = (c: number) => (affine.beta ? affine.beta[c] : 0);
  let worst = { error: 0, index: -1 };
  for (let i = 0; i < expected.length; i++) {
    const g = groups.ofElement[i];
    const c = i % channels;
    const unit =
      (Math.abs(gamma(c)) * (Math.abs(values[i]) + Math.abs(stats.mean[g]) + 1)) /
        Math.sqrt(stats.variance[g] + epsilon) +
      Math.abs(beta(c)) +
      1;
    const error = Number.isNaN(actual[i]) ? Infinity : Math.abs(actual[i] - expected[i]) / unit;
    if (error > worst.error) worst = { error, index: i };
  }
  return worst;
}
