import { InputError } from '../errors.js';
import type { ImageBatch } from './images.js';

/**
 * How far apart two decoded images are: the mean absolute pixel difference on the 0..255 scale.
 * The claims about BatchNorm are about images a model can tell apart; two images this close are
 * (nearly) the same input, and no normalization can give them different classes in inference.
 */
export const MIN_IMAGE_DISTANCE = 8;

export function meanAbsoluteDifference(a: ArrayLike<number>, b: ArrayLike<number>, scale = 1): number {
  if (a.length !== b.length || a.length === 0) throw new RangeError(`images of ${a.length} and ${b.length} pixels cannot be compared`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return (sum / a.length) * scale;
}

export interface ClosestPair {
  i: number;
  j: number;
  /** Mean absolute pixel difference, 0..255 units. */
  distance: number;
}

/** The two closest images of a batch (Infinity for fewer than two). `scale` maps the batch's values to 0..255 (255 for 'unit'). */
export function closestPair(batch: Pick<ImageBatch, 'pixels' | 'shape'>, scale = 1): ClosestPair {
  const [n, h, w, c] = batch.shape;
  const size = h * w * c;
  const image = (k: number) => batch.pixels.subarray(k * size, (k + 1) * size);
  let best: ClosestPair = { i: -1, j: -1, distance: Infinity };
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const distance = meanAbsoluteDifference(image(i), image(j), scale);
      if (distance < best.distance) best = { i, j, distance };
    }
  }
  return best;
}

/**
 * The repro's guard: two files that decode to the same pixels but carry different labels ask the
 * model for the impossible, and any verdict on them would say nothing about BatchNorm.
 */
export function refuseConflictingDuplicates(batch: ImageBatch, labels: number[]): void {
  const [n, h, w, c] = batch.shape;
  const size = h * w * c;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (labels[i] === labels[j]) continue;
      const a = batch.pixels.subarray(i * size, (i + 1) * size);
      const b = batch.pixels.subarray(j * size, (j + 1) * size);
      if (a.every((v, k) => v === b[k])) {
        throw new InputError(`${batch.files[i]} and ${batch.files[j]} decode to the same ${h}x${w} pixels but have different labels (${labels[i]} and ${labels[j]}); no model can tell them apart: remove one or give them the same label`);
      }
    }
  }
}
