import { describe, expect, it } from 'vitest';
import { addCount, bnExcessGrows, type ErrorTable, type SeedErrors } from './batch-size-verdict.js';

const seed = (bn: [number, number], gn: [number, number]): SeedErrors => ({
  'batch-norm': { 1: bn[0], 24: bn[1] },
  'group-norm': { 1: gn[0], 24: gn[1] },
});

describe("one seed's unit of the batch-size claim", () => {
  it("counts a seed when BN's excess error over GN is larger at the small batch", () => {
    expect(bnExcessGrows(seed([0.4, 0.05], [0.1, 0.1]), 1, 24)).toBe(true);
    // GN's error grows as much as BN's: BN's excess did not grow.
    expect(bnExcessGrows(seed([0.4, 0.05], [0.4, 0.05]), 1, 24)).toBe(false);
    expect(bnExcessGrows(seed([0.05, 0.4], [0.1, 0.1]), 1, 24)).toBe(false);
  });
  it('counts a tie as no', () => {
    expect(bnExcessGrows(seed([0.1, 0.1], [0.1, 0.1]), 1, 24)).toBe(false);
  });
  it('adds counts over runs', () => {
    const t: ErrorTable = {};
    addCount(t, 'batch-norm', 2, 1, 48);
    addCount(t, 'batch-norm', 2, 3, 48);
    expect(t['batch-norm'][2]).toEqual({ k: 4, n: 96 });
  });
});
