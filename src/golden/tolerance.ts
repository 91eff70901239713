/**
 * Per-field tolerances, like pytest-regressions' num_regression: a value passes when
 * |obtained - expected| <= abs + rel * scale, where scale is |expected| itself, or for summary fields
 * (mean, std, min, max of a layer) the largest |value| of the field, since a mean near zero has no
 * meaningful relative error of its own. Chosen per kind of field from measured spread:
 *
 * same backend: wasm gives bit-identical records run after run (measured: every small golden rerun on
 *   wasm matched with error 0), so the tolerance only absorbs differences between machines of the same
 *   kind (libm, CPU features): rel 1e-4, abs 1e-6; accuracies are counts and compare exactly.
 * cross backend: a golden made on another backend is compared with the declared CROSS_BACKEND
 *   tolerances. Measured between cpu and wasm on the four small goldens (2-8 epochs), the worst errors
 *   were: loss 3.5e-4 relative, probability 1.8e-3 absolute, BN statistics 1.45% and activation
 *   summaries 0.78% of their field's scale, accuracy 0. Training amplifies float32 summation-order
 *   differences step by step, so the tolerances leave about 3x margin over those figures; longer runs
 *   (the 25-step ResNet50 seed case) or GPU backends may need wider ones, declared here when measured.
 */
export type FieldKind = 'count' | 'accuracy' | 'loss' | 'probability' | 'statistic' | 'activation';

export interface Tolerance {
  abs: number;
  rel: number;
  /** 'value': rel scales with each |expected|; 'field': with the largest |expected| of the field. */
  scale: 'value' | 'field';
}

// Integers (parameter counts, epochs, classes) compare exactly on any backend: a relative tolerance
// would let ResNet50's 23,587,587 parameters move by thousands.
const EXACT: Tolerance = { abs: 0, rel: 0, scale: 'value' };

export const SAME_BACKEND: Record<FieldKind, Tolerance> = {
  count: EXACT,
  accuracy: { abs: 1e-6, rel: 0, scale: 'value' },
  loss: { abs: 1e-6, rel: 1e-4, scale: 'value' },
  probability: { abs: 1e-6, rel: 1e-4, scale: 'value' },
  statistic: { abs: 1e-6, rel: 1e-4, scale: 'field' },
  activation: { abs: 1e-6, rel: 1e-4, scale: 'field' },
};

export const CROSS_BACKEND: Record<FieldKind, Tolerance> = {
  count: EXACT,
  accuracy: { abs: 1e-6, rel: 0, scale: 'value' },
  loss: { abs: 1e-4, rel: 1e-3, scale: 'value' },
  probability: { abs: 5e-3, rel: 0, scale: 'value' },
  statistic: { abs: 1e-6, rel: 5e-2, scale: 'field' },
  activation: { abs: 1e-6, rel: 3e-2, scale: 'field' },
};

/** The kind of a field from its name (the last dotted part decides). */
export function kindOf(field: string): FieldKind {
  if (field.startsWith('activations.')) return 'activation';
  const last = field.split('.').pop() ?? field;
  if (/^(params|epochs|classes|steps)$|Count$/.test(last)) return 'count';
  if (/acc/i.test(last)) return 'accuracy';
  if (/loss/i.test(last)) return 'loss';
  if (/predict|probabilit/i.test(last)) return 'probability';
  return 'statistic';
}

export function toleranceFor(field: string, crossBackend: boolean): Tolerance {
  return (crossBackend ? CROSS_BACKEND : SAME_BACKEND)[kindOf(field)];
}
