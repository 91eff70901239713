/**
 * Where a training run stopped producing numbers. A trace that diverged says so, with the first
 * optimizer step whose loss (or, after training, whose outputs) were NaN or infinite, so nothing
 * downstream reads NaN as a figure.
 */
export interface Divergence {
  /** 1-based optimizer step (mini-batch) counted over the whole run. */
  step: number;
  epoch: number;
  /**
   * What went non-finite first: a step's loss, the model's weights after a step (the loss can stay
   * finite while weights overflow, since crossentropy clips probabilities), or predict()'s outputs.
   */
  quantity: 'loss' | 'weights' | 'predict';
  /** '±Infinity' for weights: an infinite weight of either sign. */
  value: 'NaN' | 'Infinity' | '-Infinity' | '±Infinity';
}

export function nonFiniteName(value: number): Divergence['value'] | undefined {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return undefined;
}

/** The first non-finite value of a (nested) list, or undefined when all are finite. */
export function firstNonFinite(values: number[] | number[][]): Divergence['value'] | undefined {
  for (const v of values.flat()) {
    const name = nonFiniteName(v);
    if (name) return name;
  }
  return undefined;
}

export const describeDivergence = (d: Divergence): string =>
  `diverged at step ${d.step} (epoch ${d.epoch}): ${d.quantity} became ${d.value}`;
