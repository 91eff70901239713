import fc from 'fast-check';
import { meanAbsoluteDifference, MIN_IMAGE_DISTANCE } from '../data/distance.js';

/**
 * Generated training images: a recipe (a shape, stripes, a gradient, a checkerboard or noise, with
 * its parameters) that renders to 8-bit grey pixels. Recipes shrink toward simple pictures; the
 * pixels then go through PNG encoding and the repro's own decoder (src/data), like files would.
 */
export type ImageRecipe =
  | { kind: 'disk'; cx: number; cy: number; radius: number; fg: number; bg: number }
  | { kind: 'stripes'; period: number; vertical: boolean; fg: number; bg: number }
  | { kind: 'gradient'; angle: number; low: number; high: number }
  | { kind: 'checker'; cell: number; fg: number; bg: number }
  | { kind: 'noise'; seed: number; low: number; high: number };

export const IMAGE_KINDS = ['disk', 'stripes', 'gradient', 'checker', 'noise'] as const;

const grey = fc.integer({ min: 0, max: 255 });
const unit = fc.double({ min: 0.1, max: 0.9, noNaN: true });

export function imageRecipe(kind?: ImageRecipe['kind']): fc.Arbitrary<ImageRecipe> {
  const byKind: Record<ImageRecipe['kind'], fc.Arbitrary<ImageRecipe>> = {
    disk: fc.record({
      kind: fc.constant('disk' as const),
      cx: unit,
      cy: unit,
      radius: fc.double({ min: 0.1, max: 0.45, noNaN: true }),
      fg: grey,
      bg: grey,
    }),
    stripes: fc.record({
      kind: fc.constant('stripes' as const),
      period: fc.integer({ min: 2, max: 16 }),
      vertical: fc.boolean(),
      fg: grey,
      bg: grey,
    }),
    gradient: fc.record({
      kind: fc.constant('gradient' as const),
      angle: fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
      low: grey,
      high: grey,
    }),
    checker: fc.record({
      kind: fc.constant('checker' as const),
      cell: fc.integer({ min: 1, max: 12 }),
      fg: grey,
      bg: grey,
    }),
    noise: fc.record({ kind: fc.constant('noise' as const), seed: fc.integer(), low: grey, high: grey }),
  };
  return kind ? byKind[kind] : fc.oneof(...IMAGE_KINDS.map((k) => byKind[k]));
}

/** Renders a recipe to size*size grey pixels (row-major). */
export function renderRecipe(recipe: ImageRecipe, size: number): Uint8Array {
  const out = new Uint8Array(size * size);
  let state = recipe.kind === 'noise' ? recipe.seed | 0 || 1 : 1;
  const noise = () => {
    // xorshift32: enough for texture, and the same on every machine.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      let value: number;
      switch (recipe.kind) {
        case 'disk':
          value = Math.hypot(u - recipe.cx, v - recipe.cy) < recipe.radius ? recipe.fg : recipe.bg;
          break;
        case 'stripes':
          value = Math.floor((recipe.vertical ? x : y) / recipe.period) % 2 === 0 ? recipe.fg : recipe.bg;
          break;
        case 'gradient': {
          const t = ((u - 0.5) * Math.cos(recipe.angle) + (v - 0.5) * Math.sin(recipe.angle)) / Math.SQRT2 + 0.5;
          value = recipe.low + (recipe.high - recipe.low) * t;
          break;
        }
        case 'checker':
          value = (Math.floor(x / recipe.cell) + Math.floor(y / recipe.cell)) % 2 === 0 ? recipe.fg : recipe.bg;
          break;
        case 'noise':
          value = recipe.low + (recipe.high - recipe.low) * noise();
          break;
      }
      out[y * size + x] = Math.max(0, Math.min(255, Math.round(value)));
    }
  }
  return out;
}

/** The size recipes are rendered at before the PNG round trip (properties/support/pictures.ts). */
export const RENDER_SIZE = 64;

/**
 * Recipes are kept this far apart at the render size, twice the distance the properties require after
 * decoding: resizing averages pixels (noise most), and the margin keeps the properties' own check on the
 * decoded pixels from discarding often.
 */
export const RENDERED_DISTANCE_MARGIN = 2 * MIN_IMAGE_DISTANCE;

/** The smallest mean absolute difference between any two rendered recipes (0..255 units). */
export function minRenderedDistance(recipes: ImageRecipe[], size = RENDER_SIZE): number {
  const pictures = recipes.map((r) => renderRecipe(r, size));
  let min = Infinity;
  for (let i = 0; i < pictures.length; i++)
    for (let j = i + 1; j < pictures.length; j++) min = Math.min(min, meanAbsoluteDifference(pictures[i], pictures[j]));
  return min;
}

/**
 * n images of distinct kinds, one per class as in the seed, no two alike: a filter (which shrinking
 * respects, so no counterexample can shrink into two all-black images) keeps their rendered pixels at
 * least RENDERED_DISTANCE_MARGIN apart. Kinds are shuffled by fast-check, so shrinking also simplifies
 * which pictures appear.
 */
export function datasetRecipes(n: number): fc.Arbitrary<ImageRecipe[]> {
  if (n > IMAGE_KINDS.length)
    throw new RangeError(`at most ${IMAGE_KINDS.length} distinct image kinds, asked for ${n}`);
  return fc
    .shuffledSubarray([...IMAGE_KINDS], { minLength: n, maxLength: n })
    .chain((kinds) => fc.tuple(...kinds.map((k) => imageRecipe(k))))
    .filter((recipes) => minRenderedDistance(recipes) >= RENDERED_DISTANCE_MARGIN);
}
