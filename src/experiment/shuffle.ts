import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * Seeded per-epoch permutations: Keras' fit(shuffle=True) reorders the samples every epoch; normprop
 * does the same from a seed, so a run is reproducible (tfjs's own shuffle uses Math.random).
 */
export function epochPermutations(n: number, epochs: number, seed: number): number[][] {
  const rng = xoroshiro128plus(seed);
  const permutations: number[][] = [];
  for (let e = 0; e < epochs; e++) {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = uniformInt(rng, 0, i);
      [order[i], order[j]] = [order[j], order[i]];
    }
    permutations.push(order);
  }
  return permutations;
}
