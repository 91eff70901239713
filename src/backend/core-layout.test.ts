import { describe, expect, it } from 'vitest';
import { maxWorkersFlag, coreLayout } from './core-layout.js';

describe('core layout', () => {
  it('one worker per core, cores / workers wasm threads each, never more threads than cores in all', () => {
    expect(coreLayout(2)).toEqual({ workers: 2, threads: 1 });
    expect(coreLayout(1)).toEqual({ workers: 1, threads: 1 });
    expect(coreLayout(8, 2)).toEqual({ workers: 2, threads: 4 });
    expect(coreLayout(2, 1)).toEqual({ workers: 1, threads: 2 });
    expect(coreLayout(2, 5)).toEqual({ workers: 2, threads: 1 });
    for (let cores = 1; cores <= 16; cores++)
      for (let w = 1; w <= 16; w++) {
        const l = coreLayout(cores, w);
        expect(l.workers * l.threads).toBeLessThanOrEqual(cores);
      }
  });

  it('reads --maxWorkers from a vitest command line in either spelling', () => {
    expect(maxWorkersFlag(['run', '--maxWorkers', '1'])).toBe(1);
    expect(maxWorkersFlag(['run', '--maxWorkers=3'])).toBe(3);
    expect(maxWorkersFlag(['run', '--max-workers=2'])).toBe(2);
    expect(maxWorkersFlag(['run', '--maxWorkers=50%'])).toBeUndefined();
    expect(maxWorkersFlag(['run'])).toBeUndefined();
  });
});
