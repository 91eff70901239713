import { describe, expect, it } from 'vitest';
import { groupStatistics, statisticsGroups, withGroupSpread } from './reference.js';

describe('withGroupSpread', () => {
  // [1, 2, 1, 2]: InstanceNorm-like groups, one per channel over the two pixels.
  const groups = statisticsGroups([1, 2, 1, 2], { reducedAxes: [1, 2], channelsPerGroup: 1, centered: true });

  it('stretches a narrow group about its mean to the spread asked for, and leaves a wide one as it was', () => {
    // Channel 0: 0.50 and 0.52 (std 0.01); channel 1: -1 and 1 (std 1).
    const values = [0.5, -1, 0.52, 1];
    const spread = withGroupSpread(values, groups, true, 0.1)!;
    const before = groupStatistics(values, groups, true);
    const after = groupStatistics(spread, groups, true);
    expect(Math.sqrt(after.variance[0])).toBeGreaterThanOrEqual(0.1);
    expect(after.mean[0]).toBeCloseTo(before.mean[0], 6);
    expect([spread[1], spread[3]]).toEqual([-1, 1]);
  });

  it('is undefined when a group has no spread to stretch', () => {
    expect(withGroupSpread([0.5, -1, 0.5, 1], groups, true, 0.1)).toBeUndefined();
  });
});
