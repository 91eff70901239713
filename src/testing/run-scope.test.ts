import { describe, expect, it } from 'vitest';
import { partialReasons } from './run-scope.js';

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
