// verdictOf as a table: the whole verdict rule, without tfjs or fast-check.
import { describe, expect, it } from 'vitest';
import type { Expectation } from './claim.js';
import { verdictOf, type RunOutcome } from './verdict-of.js';

const ok: RunOutcome = { runs: 10, minRuns: 10 };
const violation = (message = 'violated'): RunOutcome => ({ ...ok, failure: { kind: 'violation', message } });
const crash: RunOutcome = { ...ok, failure: { kind: 'crash', message: 'Aborted(OOM)' } };
const crashWhileShrinking: RunOutcome = { ...violation(), crash: 'RuntimeError: Aborted(OOM)' };
const diverged: RunOutcome = { ...ok, failure: { kind: 'diverged', message: 'NaN at step 3' } };
const timeout: RunOutcome = { ...ok, failure: { kind: 'timeout', message: 'Property timeout' } };
const tooFew: RunOutcome = { runs: 3, minRuns: 10 };

const symptom = 'must match length of reps';
const table: [Expectation, RunOutcome, string][] = [
  ['holds', ok, 'holds'],
  ['holds', violation(), 'regressed'],
  ['holds', crash, 'error'],
  ['holds', crashWhileShrinking, 'error'],
  ['holds', diverged, 'diverged'],
  ['holds', timeout, 'inconclusive'],
  ['holds', tooFew, 'inconclusive'],
  ['refuted', violation(), 'refuted'],
  ['refuted', crash, 'error'],
  ['refuted', crashWhileShrinking, 'error'],
  ['refuted', diverged, 'diverged'],
  ['refuted', ok, 'regressed'],
  ['refuted', tooFew, 'inconclusive'],
  ['measured', ok, 'measured'],
  ['measured', { ...ok, decided: 'undecided' }, 'undecided'],
  ['measured', { ...ok, decided: 'refuted' }, 'refuted'],
  ['measured', { ...ok, decided: 'holds' }, 'holds'],
  ['measured', { ...tooFew, decided: 'holds' }, 'inconclusive'],
  ['measured', violation(), 'regressed'],
  ['measured', crash, 'error'],
  ['known-bug', violation(`Error in transpose: ${symptom} 1,1`), 'known bug'],
  ['known-bug', { ...ok, failure: { kind: 'crash', message: `Error: ${symptom}` } }, 'known bug'],
  ['known-bug', violation('another difference'), 'regressed'],
  ['known-bug', { ...ok, failure: { kind: 'crash', message: 'something else' } }, 'error'],
  ['known-bug', { ...violation(symptom), crash: 'Aborted(OOM)' }, 'error'],
  ['known-bug', ok, 'fixed upstream'],
  ['known-bug', tooFew, 'inconclusive'],
];

describe('verdictOf', () => {
  it.each(table.map(([e, run, v]) => [e, JSON.stringify(run), v, run] as const))(
    'expectation %s, run %s: %s',
    (expectation, _text, verdict, run) => {
      expect(verdictOf({ expectation, symptom }, run)).toBe(verdict);
    },
  );

  it('a crash anywhere in the run is never refuted, regressed or a pass, whatever the expectation (known-bug symptoms aside)', () => {
    for (const expectation of ['holds', 'refuted', 'measured'] as const)
      for (const run of [
        crash,
        crashWhileShrinking,
        { ...ok, crash: 'Error: x' },
        { ...ok, crash: 'x', decided: 'holds' as const },
      ])
        expect(verdictOf({ expectation }, run)).toBe('error');
  });
});
