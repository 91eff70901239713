import { describe, expect, it } from 'vitest';
import { divergenceOf } from './batch-size-gap.js';

describe("GN4's divergence guard", () => {
  it('names the epoch whose loss went non-finite first, at that epoch last step', () => {
    expect(divergenceOf([0.7, NaN, Infinity], 3, [])).toEqual({
      divergence: { step: 6, epoch: 2, quantity: 'loss', value: 'NaN' },
    });
  });
  it('catches a NaN output behind finite losses (a NaN row would read as class 0)', () => {
    expect(divergenceOf([0.7, 0.5], 1, [[[0.5, 0.5]], [[NaN, 1]]])).toEqual({
      divergence: { step: 2, epoch: 2, quantity: 'predict', value: 'NaN' },
    });
  });
  it('says nothing of a run whose figures are numbers', () => {
    expect(divergenceOf([0.7, 0.5], 1, [[[0.4, 0.6]]])).toEqual({});
  });
});
