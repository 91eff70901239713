import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datasetRecipes, minRenderedDistance, RENDERED_DISTANCE_MARGIN } from '../arbitraries/images.js';
import { InputError } from '../errors.js';
import { closestPair, meanAbsoluteDifference, MIN_IMAGE_DISTANCE, refuseConflictingDuplicates } from './distance.js';

const batchOf = (images: number[][], files = images.map((_, i) => `${i}.png`)) => ({
  files,
  pixels: Float32Array.from(images.flat()),
  shape: [images.length, 1, images[0].length, 1] as [number, number, number, number],
});

describe('image distance', () => {
  it('is the mean absolute difference in 0..255 units, and finds the closest pair', () => {
    expect(meanAbsoluteDifference([0, 10], [4, 0])).toBe(7);
    expect(meanAbsoluteDifference([0, 0.5], [0, 0], 255)).toBe(63.75);
    expect(
      closestPair(
        batchOf([
          [0, 0],
          [100, 100],
          [90, 100],
        ]),
      ),
    ).toEqual({ i: 1, j: 2, distance: 5 });
  });

  it('generated datasets never hold two images closer than the margin, so shrinking cannot reach two all-black images', () => {
    fc.assert(fc.property(datasetRecipes(3), (recipes) => minRenderedDistance(recipes) >= RENDERED_DISTANCE_MARGIN));
    expect(RENDERED_DISTANCE_MARGIN).toBeGreaterThan(MIN_IMAGE_DISTANCE);
  });

  it('refuses identical decoded images under different labels, naming both files; the same label is allowed', () => {
    const batch = batchOf(
      [
        [1, 2],
        [5, 5],
        [1, 2],
      ],
      ['a.png', 'b.png', 'c.png'],
    );
    expect(() => refuseConflictingDuplicates(batch, [0, 1, 2])).toThrow(InputError);
    expect(() => refuseConflictingDuplicates(batch, [0, 1, 2])).toThrow(
      /^a\.png and c\.png: identical pixels after decoding and resizing, but labelled 0 and 2/,
    );
    expect(() => refuseConflictingDuplicates(batch, [0, 1, 0])).not.toThrow();
  });
});
