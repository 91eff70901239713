import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchSequence, sequenceValues, shiftedBatch, shiftedValues, type ShiftedBatch } from './shifted-batches.js';

/** Per-channel mean and population variance, in float64. */
function moments(values: Float32Array, channels: number) {
  const m = values.length / channels;
  return Array.from({ length: channels }, (_, c) => {
    let s = 0;
    for (let i = 0; i < m; i++) s += values[i * channels + c];
    const mean = s / m;
    let v = 0;
    for (let i = 0; i < m; i++) v += (values[i * channels + c] - mean) ** 2;
    return { mean, variance: v / m };
  });
}

describe('shifted batches: statistics set exactly, and never degenerate', () => {
  it("every batch's channels have the drawn mean and variance std^2, with |mean| >= 0.25, std >= 1.5 and m >= 2", () => {
    fc.assert(
      fc.property(shiftedBatch, (b) => {
        expect(b.m).toBeGreaterThanOrEqual(2);
        expect(Math.abs(b.mean)).toBeGreaterThanOrEqual(0.25);
        expect(b.std).toBeGreaterThanOrEqual(1.5);
        for (const { mean, variance } of moments(shiftedValues(b), b.channels)) {
          expect(mean).toBeCloseTo(b.mean, 5);
          expect(variance).toBeCloseTo(b.std ** 2, 4);
        }
      }),
    );
  });

  it('shrinking a failure ends at the smallest batch the bounds allow, not at a zero-variance or zero-mean one', () => {
    // A predicate that fails on every batch: fast-check shrinks as far as the arbitrary lets it, and the
    // last case it tries is the shrunk counterexample (every candidate fails).
    let last: ShiftedBatch | undefined;
    expect(() =>
      fc.assert(
        fc.property(shiftedBatch, (b) => {
          last = b;
          return false;
        }),
      ),
    ).toThrow(/Property failed/);
    expect(last).toEqual({ m: 2, channels: 1, mean: 0.25, std: 1.5, seed: 0 });
    const shrunk = last!;
    const [{ variance }] = moments(shiftedValues(shrunk), 1);
    expect(variance).toBeCloseTo(2.25, 4);
  });

  it('a sequence keeps one shape for all its batches (1-4 of them)', () => {
    fc.assert(
      fc.property(batchSequence, (s) => {
        const values = sequenceValues(s);
        expect(values.length).toBeGreaterThanOrEqual(1);
        expect(values.length).toBeLessThanOrEqual(4);
        for (const v of values) expect(v.length).toBe(s.m * s.channels);
      }),
    );
  });
});
