import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** n values uniform in [-1, 1) from a seed: tensor contents for properties that shrink on shapes, not on values. */
export function seededValues(n: number, seed: number): Float32Array {
  const rng = xoroshiro128plus(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = uniformFloat64(rng) * 2 - 1;
  return out;
}
