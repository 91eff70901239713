import { renderRecipe, type ImageRecipe } from '../../src/arbitraries/images.js';
import { batchFromPictures } from '../../src/data/encode.js';
import type { ImageBatch } from '../../src/data/images.js';

/** Generated recipes -> 64x64 pictures -> PNG -> the repro's decoder at `size`: one training batch. */
export function batchFromRecipes(recipes: ImageRecipe[], size: number): Promise<ImageBatch> {
  return batchFromPictures(
    recipes.map((r, i) => ({ name: `${i}-${r.kind}`, pixels: renderRecipe(r, 64), size: 64 })),
    { size },
  );
}
