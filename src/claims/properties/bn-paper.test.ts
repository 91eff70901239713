// The float32 bounds of the BN paper properties must be tight enough to catch a wrong law: each is run
// here against a deliberately wrong version of the paper's statement, and fast-check must falsify it.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../backend/select.js';
import { foldsIntoConv, weightScaleInvariance } from './bn-paper.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('the BN paper bounds catch wrong laws', () => {
  it('dL/d(aW) = dL/dW (the 1/a left out) is falsified', () => {
    const details = fc.check(weightScaleInvariance('gradients', undefined, 0), { numRuns: 50, seed: 7 });
    expect(details.failed).toBe(true);
  });

  it('folding BN into the conv without its epsilon is falsified', () => {
    const details = fc.check(foldsIntoConv(undefined, 0), { numRuns: 100, seed: 7 });
    expect(details.failed).toBe(true);
  });
});
