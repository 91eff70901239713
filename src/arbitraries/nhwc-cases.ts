import fc from 'fast-check';
import { divisors } from '../norm/spec.js';

/**
 * NHWC batches for the GroupNorm family (Wu & He 2018): a shape, a group count that divides the
 * channels, and a seed for the values. Plus the shift that makes replaced samples differ.
 */
export interface NhwcCase {
  m: number;
  h: number;
  w: number;
  c: number;
  groups: number;
  seed: number;
}

export const nhwcCase: fc.Arbitrary<NhwcCase> = fc
  .record({
    m: fc.integer({ min: 2, max: 4 }),
    h: fc.integer({ min: 1, max: 3 }),
    w: fc.integer({ min: 1, max: 3 }),
    c: fc.integer({ min: 1, max: 6 }),
    seed: fc.integer(),
  })
  .chain((s) => fc.constantFrom(...divisors(s.c)).map((groups) => ({ ...s, groups })));

/** How far replaced samples are moved from the new seed's values (>= 0.5, so they cannot coincide with the old). */
export const sampleShift: fc.Arbitrary<number> = fc.double({ min: 0.5, max: 10, noNaN: true });
