import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clopperPearson } from './clopper-pearson.js';
import {
  decideLook,
  describeDecision,
  everyAbove,
  perLookAlpha,
  SequentialRate,
  type Decision,
  type SequentialRule,
} from './sequential-decision.js';

/**
 * The exact probability that sampling under `decide` (called at each look on the counts so far) ends
 * 'above' and 'below', for a true rate p: the distribution of k is carried look to look, and the mass
 * that decides is taken out (optional stopping, exactly as SequentialRate samples).
 */
function exactOutcome(looks: readonly number[], p: number, decide: (k: number, n: number) => Decision) {
  let mass = [1];
  let n = 0;
  const out = { above: 0, below: 0 };
  for (const look of looks) {
    for (; n < look; n++) {
      const next = new Array<number>(mass.length + 1).fill(0);
      mass.forEach((m, k) => {
        next[k] += m * (1 - p);
        next[k + 1] += m * p;
      });
      mass = next;
    }
    mass = mass.map((m, k) => {
      const d = decide(k, n);
      if (d === 'undecided') return m;
      out[d] += m;
      return 0;
    });
  }
  return out;
}

describe('sequential decision rule', () => {
  it('keeps the chance of a wrong decision under alpha at the threshold itself, whatever the looks (exact, optional stopping included)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 6 }),
        (threshold, raw) => {
          const rule: SequentialRule = { threshold, looks: [...raw].sort((a, b) => a - b) };
          // At p = t every decision is wrong; just above or below, one side is.
          const atT = exactOutcome(rule.looks, threshold, (k, n) => decideLook(rule, k, n));
          expect(atT.above + atT.below).toBeLessThanOrEqual(0.05);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('looking at every unit with the plain 95% interval breaks that bound (why the alpha is split)', () => {
    const looks = Array.from({ length: 60 }, (_, i) => i + 1);
    const naive = exactOutcome(looks, 0.5, (k, n) => {
      const [lo, hi] = clopperPearson(k, n);
      return lo > 0.5 ? 'above' : hi < 0.5 ? 'below' : 'undecided';
    });
    expect(naive.above + naive.below).toBeGreaterThan(0.05);
    const split = exactOutcome(looks, 0.5, (k, n) => decideLook({ threshold: 0.5, looks }, k, n));
    expect(split.above + split.below).toBeLessThanOrEqual(0.05);
  });

  it('splits alpha over looks and over the rates decided together', () => {
    expect(perLookAlpha({ threshold: 0.5, looks: [5, 10] })).toBeCloseTo(0.025, 15);
    expect(perLookAlpha({ threshold: 0.5, looks: [5, 10], rates: 2, alpha: 0.1 })).toBeCloseTo(0.025, 15);
  });

  it('decides only at looks, stops there, and ignores units after it stopped', () => {
    const r = new SequentialRate({ threshold: 0.5, looks: [4, 8, 12] });
    for (let i = 0; i < 7; i++) r.record(true);
    // 4 of 4 at alpha 0.05/3 is not enough (lo = 0.0083^(1/4) = 0.30); 8 of 8 is (lo = 0.55).
    expect(r.decision).toBe('undecided');
    expect(r.stopped).toBe(false);
    r.record(true);
    expect(r.decision).toBe('above');
    expect(r.stopped).toBe(true);
    r.record(false);
    expect(r.units).toBe(8);
    const s = r.summary();
    expect(s.decidedAt).toBe(8);
    expect(s.lookInterval[0]).toBeGreaterThan(0.5);
    expect(describeDecision(s)).toMatch(/^above 0.5 at 8 units/);
  });

  it('decides below, and at the cap without a decision says undecided', () => {
    const below = new SequentialRate({ threshold: 0.5, looks: [10] });
    for (let i = 0; i < 10; i++) below.record(false);
    expect(below.decision).toBe('below');
    const straddles = new SequentialRate({ threshold: 0.5, looks: [6, 10] });
    for (let i = 0; i < 12; i++) straddles.record(i % 2 === 0);
    expect(straddles.stopped).toBe(true);
    expect(straddles.units).toBe(10);
    expect(straddles.decision).toBe('undecided');
    expect(describeDecision(straddles.summary())).toMatch(/^undecided: 10 of 10 units/);
  });

  it('refuses a threshold outside (0, 1) and looks that do not increase', () => {
    expect(() => new SequentialRate({ threshold: 1, looks: [5] })).toThrow(RangeError);
    expect(() => new SequentialRate({ threshold: 0.5, looks: [5, 5] })).toThrow(RangeError);
    expect(() => new SequentialRate({ threshold: 0.5, looks: [] })).toThrow(RangeError);
  });
});

describe('everyAbove', () => {
  it('is refuted by any rate below, holds only when all are above', () => {
    expect(everyAbove(['above', 'below'])).toBe('refuted');
    expect(everyAbove(['undecided', 'below'])).toBe('refuted');
    expect(everyAbove(['above', 'above'])).toBe('holds');
    expect(everyAbove(['above', 'undecided'])).toBe('undecided');
    expect(everyAbove([])).toBe('undecided');
  });
});
