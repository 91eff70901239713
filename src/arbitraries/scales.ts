import fc from 'fast-check';

/**
 * Scale factors the paper properties multiply weights, biases and statistics by.
 */

/** a = +-2^e with e in [1/4, 4]: never 1, and never a power of two only (that would make the float32 scaling exact). */
export const weightScale: fc.Arbitrary<number> = fc
  .tuple(fc.boolean(), fc.double({ min: 0.25, max: 4, noNaN: true }))
  .map(([down, e]) => 2 ** (down ? -e : e));

/** The magnitude of biases, statistics or inputs: unit, tens, and 8-bit pixel scale. */
export const magnitudeScale: fc.Arbitrary<number> = fc.constantFrom(1, 10, 127.5);
