import { describe, expect, it } from 'vitest';
import { compareField } from './compare.js';
import { kindOf, toleranceFor } from './tolerance.js';

describe('golden tolerances', () => {
  it('integer fields (parameter counts, epochs, classes) compare exactly, on the same backend and across backends', () => {
    expect(['params', 'run.classes', 'epochs', 'layerCount'].map(kindOf)).toEqual(['count', 'count', 'count', 'count']);
    expect(kindOf('run.epochs.loss')).toBe('loss');
    for (const cross of [false, true]) {
      // One parameter more in ResNet50 is a different model, however small relative to 23,587,587.
      expect(compareField('params', 23_587_587, 23_587_588, toleranceFor('params', cross)).mismatches).toBe(1);
      expect(compareField('params', 23_587_587, 23_587_587, toleranceFor('params', cross)).mismatches).toBe(0);
    }
  });
});
