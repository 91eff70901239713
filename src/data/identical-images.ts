import { sha256Hex } from '../io/sha256.js';
import { InputError } from '../errors.js';

/**
 * Groups of images whose pixels are identical (indices into `images`, groups of two or more), by a
 * sha256 of the pixel bytes. Reusable for any list of decoded images (a folder, a generated set).
 */
export function identicalPixelGroups(images: ArrayBufferView[]): number[][] {
  const byHash = new Map<string, number[]>();
  images.forEach((pixels, i) => {
    const hash = sha256Hex(pixels);
    byHash.set(hash, [...(byHash.get(hash) ?? []), i]);
  });
  return [...byHash.values()].filter((group) => group.length > 1);
}

/**
 * Two images with identical pixels (as the model sees them: decoded, grey, resized) under different
 * labels ask the model to give one input two classes; training on them measures nothing. Refused,
 * naming both files. The same image twice under one label is allowed (it only weights it).
 */
export function refuseIdenticalImagesWithDifferentLabels(
  files: string[],
  images: ArrayBufferView[],
  labels: number[],
): void {
  for (const group of identicalPixelGroups(images)) {
    const first = group[0];
    const other = group.find((i) => labels[i] !== labels[first]);
    if (other !== undefined) {
      throw new InputError(
        `${files[first]} and ${files[other]}: identical pixels after decoding and resizing, but labelled ${labels[first]} and ${labels[other]}; remove one or give them one label`,
      );
    }
  }
}
