import { describe, expect, it } from 'vitest';
import { addCount, decideBatchSizeClaim, type ErrorTable } from './batch-size-verdict.js';

const table = (bn: [number, number], gn: [number, number], n = 100): ErrorTable => {
  const t: ErrorTable = {};
  addCount(t, 'batch-norm', 2, bn[0], n);
  addCount(t, 'batch-norm', 32, bn[1], n);
  addCount(t, 'group-norm', 2, gn[0], n);
  addCount(t, 'group-norm', 32, gn[1], n);
  return t;
};

describe('the batch-size claim decided from intervals', () => {
  it('holds when BN errs significantly more at the small batch and GN does not', () => {
    expect(decideBatchSizeClaim(table([40, 5], [10, 10]), 2, 32)).toBe('holds');
  });
  it('is refuted when BN errs significantly less at the small batch, or GN significantly more', () => {
    expect(decideBatchSizeClaim(table([5, 40], [10, 10]), 2, 32)).toBe('refuted');
    expect(decideBatchSizeClaim(table([40, 5], [40, 5]), 2, 32)).toBe('refuted');
  });
  it('stays measured while the intervals overlap', () => {
    expect(decideBatchSizeClaim(table([12, 8], [10, 10]), 2, 32)).toBe('measured');
    expect(decideBatchSizeClaim(table([0, 0], [9, 7]), 2, 32)).toBe('measured');
  });
  it('adds counts over runs', () => {
    const t: ErrorTable = {};
    addCount(t, 'batch-norm', 2, 1, 48);
    addCount(t, 'batch-norm', 2, 3, 48);
    expect(t['batch-norm'][2]).toEqual({ k: 4, n: 96 });
  });
});
