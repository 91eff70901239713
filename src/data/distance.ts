import { refuseIdenticalImagesWithDifferentLabels } from './identical-images.js';
import type { ImageBatch } from './images.js';

/**
 * How far apart two decoded images are: the mean absolute pixel difference on the 0..255 scale.
 * The claims about BatchNorm are about images a model can tell apart; two images this close are
 * (nearly) the same input, and no normalization can give them different classes in inference.
 */
export const MIN_IMAGE_DISTANCE = 8;

/** Why a property discards a case whose images are too close: the health check's message names it. */
export const CLOSE_IMAGES_DISCARD = `two images came out of the decoder closer than ${MIN_IMAGE_DISTANCE} grey levels`;

export function meanAbsoluteDifference(a: ArrayLike<number>, b: ArrayLike<number>, scale = 1): number {
  if (a.length !== b.length || a.length === 0)
    throw new RangeError(`images of ${a.length} and ${b.length} pixels cannot be compared`);
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

/** The repro's guard, for a decoded batch: see refuseIdenticalImagesWithDifferentLabels. */
export function refuseConflictingDuplicates(batch: ImageBatch, labels: number[]): void {
  const [n, h, w, c] = batch.shape;
  const size = h * w * c;
  const images = Array.from({ length: n }, (_, i) => batch.pixels.subarray(i * size, (i + 1) * size));
  refuseIdenticalImagesWithDifferentLabels(batch.files, images, labels);
}
