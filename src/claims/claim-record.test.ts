import { describe, expect, it } from 'vitest';
import { claimRecord, type CheckIdentity, type EarlierRow } from './claim-record.js';
import { verdictLabel, verdictWords } from './verdict-words.js';

const check = (date: string): CheckIdentity => ({ check: 'a', seed: 1, seconds: 2, date });
const now = [check('2026-12-04T08:00:00Z')];
const before = [check('2026-12-03T08:00:00Z')];
const row = (verdict: string, checks: CheckIdentity[], record?: EarlierRow['record']): EarlierRow => ({
  verdict,
  checks,
  ...(record ? { record } : {}),
});

describe("a claim's record: what earlier runs on record came to", () => {
  it.each<[string, EarlierRow[], ReturnType<typeof claimRecord>]>([
    ['no earlier ledger', [], 'none'],
    ['an earlier run held', [row('holds', before)], 'met'],
    ['an earlier run was refuted as expected', [row('refuted', before)], 'met'],
    ['an earlier run failed, nothing before it', [row('regressed', before, 'none')], 'failed'],
    ['an earlier run failed, and one before it held', [row('regressed', before, 'met')], 'met'],
    ['an earlier run was an error (an old ledger, no record)', [row('error', before)], 'failed'],
    ['the claim did not run in the earlier ledger, which kept its record', [row('not run', [], 'met')], 'met'],
    ['the claim did not run in the earlier ledger, no record', [row('not run', [])], 'none'],
    // `normprop ledger` after `npm test` rebuilds the same run: it passes on its record, it is no earlier run.
    ['the same run rebuilt, failing and new', [row('regressed', now, 'none')], 'none'],
    ['the same run rebuilt, a regression', [row('regressed', now, 'met')], 'met'],
    ['the full ledger failed, a partial one held', [row('regressed', before, 'none'), row('holds', before)], 'met'],
  ])('%s', (_what, earlier, expected) => {
    expect(claimRecord(now, earlier)).toBe(expected);
  });
});

describe('the words for a failing claim, by its record', () => {
  const claim = { role: 'claim' as const, expectation: 'holds' as const };
  it('regressed only when an earlier run met the expectation', () => {
    expect(verdictWords(claim, 'regressed', 'met')).toBe('regressed');
    expect(verdictWords(claim, 'regressed', 'none')).toBe(
      'fails (expected to hold; no earlier run of this claim on record)',
    );
    expect(verdictWords(claim, 'regressed', 'failed')).toBe(
      'fails (expected to hold; it failed in every earlier run on record)',
    );
    expect([verdictLabel('regressed', 'none'), verdictLabel('regressed', 'met')]).toEqual(['fails', 'regressed']);
  });

  it('other verdicts keep their words whatever the record', () => {
    expect(verdictWords(claim, 'error', 'none')).toBe('error');
    expect(verdictWords(claim, 'holds', 'none')).toBe('holds');
    expect(verdictLabel('error', 'none')).toBe('error');
  });
});
