import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomialUpperTail } from './binomial.js';
import { clopperPearson, formatRate, rate } from './clopper-pearson.js';

describe('Clopper-Pearson interval', () => {
  it('its ends are where the binomial tails equal alpha/2 (the definition, checked on the tails themselves)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n }))),
        ([n, k]) => {
          const [lo, hi] = clopperPearson(k, n);
          expect(lo).toBeLessThanOrEqual(k / n);
          expect(hi).toBeGreaterThanOrEqual(k / n);
          if (k > 0) expect(binomialUpperTail(k, n, lo)).toBeCloseTo(0.025, 9);
          else expect(lo).toBe(0);
          if (k < n) expect(1 - binomialUpperTail(k + 1, n, hi)).toBeCloseTo(0.025, 9);
          else expect(hi).toBe(1);
        },
      ),
    );
  });

  it('k=0 and k=n: the one-term tails (1-hi)^n and lo^n equal alpha/2, and the two ends mirror each other', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), (n) => {
        const hi = clopperPearson(0, n)[1];
        const lo = clopperPearson(n, n)[0];
        expect((1 - hi) ** n).toBeCloseTo(0.025, 12);
        expect(lo ** n).toBeCloseTo(0.025, 12);
        expect(lo).toBeCloseTo(1 - hi, 12);
      }),
    );
  });

  it('covers at least 95% for any true p (exact coverage, summed over every k)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0.01, max: 0.99, noNaN: true }), (n, p) => {
        let coverage = 0;
        for (let k = 0; k <= n; k++) {
          const [lo, hi] = clopperPearson(k, n);
          const pk = binomialUpperTail(k, n, p) - binomialUpperTail(k + 1, n, p);
          if (lo <= p && p <= hi) coverage += pk;
        }
        expect(coverage).toBeGreaterThanOrEqual(0.95 - 1e-9);
      }),
      { numRuns: 50 },
    );
  });

  it('refuses counts that are not a rate, and prints "k/n (95% CI lo-hi)"', () => {
    expect(() => clopperPearson(3, 2)).toThrow(/0 <= k <= n/);
    expect(clopperPearson(0, 0)).toEqual([0, 1]);
    expect(rate(1, 1).ci95[0]).toBe(0.025);
    expect(formatRate(rate(1, 1))).toBe('1/1 (95% CI 0.03-1.00)');
    expect(formatRate(rate(7, 12))).toMatch(/^7\/12 \(95% CI 0\.\d\d-0\.\d\d\)$/);
  });
});
