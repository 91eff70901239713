// The float32 bounds of the BN paper properties must be tight enough to catch a wrong law: each is run
// here against a deliberately wrong version of the paper's statement, and fast-check must falsify it.
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../backend/select.js';
import { runProperty } from '../../property-engine/run.js';
import { foldsIntoConv, weightScaleInvariance } from './bn-paper.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('the BN paper bounds catch wrong laws', () => {
  it('dL/d(aW) = dL/dW (the 1/a left out) is falsified', async () => {
    const { details } = await runProperty(weightScaleInvariance('gradients', undefined, 0), {
      key: 'dL/d(aW) = dL/dW',
      label: 'wrong law dL/d(aW) = dL/dW',
      params: { numRuns: 50, seed: 7 },
    });
    expect(details.failed).toBe(true);
  });

  it('folding BN into the conv without its epsilon is falsified', async () => {
    const { details } = await runProperty(foldsIntoConv(undefined, 0), {
      key: 'fold without epsilon',
      label: 'wrong law: fold without epsilon',
      params: { numRuns: 100, seed: 7 },
    });
    expect(details.failed).toBe(true);
  });
});
