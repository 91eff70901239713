import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossEntropyMeanError, firstInexact, meanError } from './float32-bounds.js';

const f = Math.fround;

/** A float32 mean as a kernel computes it: running float32 sum, then a product with a rounded 1/n. */
const float32Mean = (xs: number[]) => f(xs.reduce((s, x) => f(s + x), 0) * f(1 / xs.length));

/** Keras' crossentropy for one row and a one-hot label, every operation rounded to float32. */
function float32CrossEntropy(row: number[], label: number): number {
  const sum = row.reduce((s, p) => f(s + p), 0);
  const clipped = row.map((p) => Math.min(f(1 - 1e-7), Math.max(f(1e-7), f(p / sum))));
  return f(-clipped.reduce((s, p, j) => f(s + (j === label ? f(Math.log(p)) : 0)), 0));
}

const exactCrossEntropy = (row: number[], label: number) =>
  -Math.log(Math.min(f(1 - 1e-7), Math.max(f(1e-7), row[label] / row.reduce((s, p) => s + p, 0))));

describe('float32 error bounds of means and crossentropy', () => {
  it('a float32 mean of float32 terms is within meanError of the exact mean', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 500 }), (xs) => {
        const exact = xs.reduce((s, x) => s + x, 0) / xs.length;
        expect(Math.abs(float32Mean(xs) - exact)).toBeLessThanOrEqual(
          meanError(
            xs.length,
            xs.reduce((s, x) => s + Math.abs(x), 0),
          ),
        );
      }),
    );
  });

  it('holds where the mean underflows to a subnormal (a case stress runs found)', () => {
    const xs = [0, 2.1019476964872256e-44];
    expect(Math.abs(float32Mean(xs) - xs[1] / 2)).toBeLessThanOrEqual(meanError(2, xs[1]));
  });

  it('a float32 mean crossentropy of one-hot rows is within crossEntropyMeanError of the exact one', () => {
    const rowsArb = fc.integer({ min: 2, max: 6 }).chain((classes) =>
      fc.array(
        fc.record({
          row: fc.array(fc.float({ min: Math.fround(1e-3), max: 1, noNaN: true }), {
            minLength: classes,
            maxLength: classes,
          }),
          label: fc.nat(classes - 1),
        }),
        { minLength: 1, maxLength: 30 },
      ),
    );
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const losses = rows.map((r) => exactCrossEntropy(r.row, r.label));
        const exact = losses.reduce((s, l) => s + l, 0) / rows.length;
        const computed = float32Mean(rows.map((r) => float32CrossEntropy(r.row, r.label)));
        expect(Math.abs(computed - exact)).toBeLessThanOrEqual(
          crossEntropyMeanError(rows.length, rows[0].row.length, exact),
        );
      }),
    );
  });

  it('is tight enough to tell one wrong answer in a thousand, or a loss off by one part in 1e5', () => {
    expect(1 / 1000).toBeGreaterThan(meanError(1000, 999));
    expect(10 * 1e-5).toBeGreaterThan(crossEntropyMeanError(3, 3, 10));
  });
});

describe('firstInexact', () => {
  it('finds the first element that is not the very same number: -0 is not 0, NaN is NaN', () => {
    expect(firstInexact([1, NaN, 0], [1, NaN, 0])).toBeUndefined();
    expect(firstInexact([1, NaN, -0], [1, NaN, 0])).toBe(2);
    expect(firstInexact([1, 2 + 2 ** -20, 3], [1, 2, 4])).toBe(1);
    expect(() => firstInexact([1], [1, 2])).toThrow(/length 1 differs/);
  });
});
