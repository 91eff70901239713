export interface Spread {
  median: number;
  min: number;
  max: number;
}

/** Median, min and max of a non-empty list (benchmark timings, golden error statistics). */
export function spread(values: number[]): Spread {
  if (values.length === 0) throw new Error('spread of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1] };
}
