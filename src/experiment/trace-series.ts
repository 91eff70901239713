import type { FrozenUpdatesTrace } from './frozen-updates.js';

/**
 * Compact series that checks record beside their verdict (in `measured.series`), so the HTML report
 * can plot what was measured without running anything again. Values keep 4 significant digits.
 */
const short = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(4)) : v);

/** Largest |inference - training-mode| probability after k moving-statistics updates. */
export interface GapSeries {
  momentum: number;
  /** [k, gap] pairs, k increasing. */
  points: [number, number][];
}

/** Per BN layer, the channel mean of its moving mean and moving variance after k updates. */
export interface MovingStatsSeries {
  momentum: number;
  layers: { layer: string; points: [k: number, mean: number, variance: number][] }[];
}

/** One trained model: did inference predict one class for every image? */
export interface CollapseCase {
  momentum: number;
  epochs: number;
  /** Optimizer steps: epochs times the batches per epoch. */
  steps: number;
  collapsed: boolean;
}

export function gapSeries(trace: FrozenUpdatesTrace): GapSeries {
  return { momentum: trace.momentum, points: trace.points.map((p) => [p.k, short(p.gap)]) };
}

export function movingStatsSeries(trace: FrozenUpdatesTrace): MovingStatsSeries {
  const layers = (trace.points[0]?.movingStats ?? []).map((s) => s.layer);
  return {
    momentum: trace.momentum,
    layers: layers.map((layer, i) => ({
      layer,
      points: trace.points.map((p) => [p.k, short(p.movingStats[i].mean), short(p.movingStats[i].variance)]),
    })),
  };
}

export function collapseCase(
  training: { momentum: number; epochs: number; batchSize: number },
  predictedClasses: number[],
): CollapseCase {
  const batches = Math.ceil(predictedClasses.length / training.batchSize);
  return {
    momentum: short(training.momentum),
    epochs: training.epochs,
    steps: training.epochs * batches,
    collapsed: new Set(predictedClasses).size === 1,
  };
}
