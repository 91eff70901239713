// NORMPROP_BACKEND reaches the claim properties: wasm when unset, the named backend when set.
import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { selectClaimBackend } from './claim-backend.js';

const before = process.env.NORMPROP_BACKEND;
afterEach(() => {
  if (before === undefined) delete process.env.NORMPROP_BACKEND;
  else process.env.NORMPROP_BACKEND = before;
});

describe('the backend of the claim properties', () => {
  it('is wasm unless NORMPROP_BACKEND names another, which is then used (and refused when unknown)', async () => {
    delete process.env.NORMPROP_BACKEND;
    expect((await selectClaimBackend()).name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    process.env.NORMPROP_BACKEND = 'cpu';
    expect((await selectClaimBackend()).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    process.env.NORMPROP_BACKEND = 'tpu';
    await expect(selectClaimBackend()).rejects.toThrow(/NORMPROP_BACKEND/);
  });
});
