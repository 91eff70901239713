import { describe, expect, it } from 'vitest';
import { narrowedByArgv, partialReasons } from './run-scope.js';

describe('whether a vitest run covers the whole suite', () => {
  it('a run without filters is complete; file filters, -t, shards, --changed and --related each make it partial, saying so', () => {
    expect(partialReasons({})).toEqual([]);
    expect(partialReasons({ files: [], testNamePattern: undefined, changed: false, related: [] })).toEqual([]);
    expect(partialReasons({ files: ['src/report/ledger-report.test.ts'] })).toEqual([
      'filtered to files matching src/report/ledger-report.test.ts',
    ]);
    expect(partialReasons({ testNamePattern: /C01/ })).toEqual(['filtered with -t /C01/']);
    expect(partialReasons({ shard: { index: 1, count: 2 } })).toEqual(['shard 1 of 2']);
    expect(partialReasons({ changed: true, related: ['src/a.ts'] })).toEqual([
      'only files changed in git (--changed)',
      'only files related to src/a.ts',
    ]);
  });
});

describe('a narrowed run, read from argv', () => {
  it('file filters, -t, a shard, --changed or --related narrow it; flags and their values do not', () => {
    const argv = (...args: string[]) => ['node', '/x/vitest.mjs', ...args];
    expect(narrowedByArgv(argv('run', '--coverage'))).toBe(false);
    expect(narrowedByArgv(argv('run', '--config', 'vitest.report.config.ts'))).toBe(false);
    expect(narrowedByArgv(argv('run', '--maxWorkers', '2', '--coverage'))).toBe(false);
    expect(narrowedByArgv(argv('run', '--coverage', 'properties/ln-paper.prop.ts'))).toBe(true);
    expect(narrowedByArgv(argv('run', '-t', 'GN4'))).toBe(true);
    expect(narrowedByArgv(argv('run', '--shard=1/2'))).toBe(true);
    expect(narrowedByArgv(argv('--changed'))).toBe(true);
  });
});
