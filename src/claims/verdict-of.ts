import type { Claim } from './claim.js';
import type { Verdict } from './result.js';

/**
 * How a property run failed, as far as a verdict is concerned:
 * - violation: the claim's own predicate judged a case and found the claim violated (it returned
 *   false, threw a ClaimViolation, or an assertion failed);
 * - crash: anything else was thrown (tfjs's util.assert, an out-of-memory abort, a TypeError, a
 *   HarnessError): nothing was judged;
 * - diverged: a training run the predicate read went NaN/Inf;
 * - timeout: a case ran over its per-case limit.
 */
export type FailureKind = 'violation' | 'crash' | 'diverged' | 'timeout';

/** What a verdict is decided from: a property run reduced to plain data (no tfjs, no fast-check). */
export interface RunOutcome {
  /** Cases completed, and the least the check accepts for a verdict. */
  runs: number;
  minRuns: number;
  /** The failure fast-check ended on (its shrunk counterexample's), if any. */
  failure?: { kind: FailureKind; message: string };
  /**
   * The first crash met anywhere in the run, also while shrinking a violation: a run that crashed on
   * any case is no evidence either way, whatever its last failure was.
   */
  crash?: string;
  /** For a claim the data decide: the decision rule's answer after a completed measurement. */
  decided?: 'holds' | 'refuted' | 'measured' | 'undecided';
}

/**
 * The verdict of one check, by the claim's expectation. Refuted (or regressed) only by the claim's own
 * predicate; any other exception is an error whatever the expectation, except a known bug's symptom,
 * which is the library's failure the entry is about. Used by checkClaim and the seed-case checks.
 */
export function verdictOf(claim: Pick<Claim, 'expectation' | 'symptom'>, run: RunOutcome): Verdict {
  const { failure } = run;
  const tooFew = run.runs < run.minRuns;
  if (claim.expectation === 'known-bug') {
    const symptom = new RegExp(claim.symptom ?? '(?!)');
    if (run.crash !== undefined && !symptom.test(run.crash)) return 'error';
    if (!failure) return tooFew ? 'inconclusive' : 'fixed upstream';
    if (symptom.test(failure.message)) return 'known bug';
    return failure.kind === 'violation' ? 'regressed' : kindVerdict(failure.kind);
  }
  if (run.crash !== undefined || failure?.kind === 'crash') return 'error';
  if (failure && failure.kind !== 'violation') return kindVerdict(failure.kind);
  if (claim.expectation === 'refuted') return failure ? 'refuted' : tooFew ? 'inconclusive' : 'regressed';
  if (failure) return 'regressed';
  if (tooFew) return 'inconclusive';
  if (claim.expectation === 'measured') return run.decided ?? 'measured';
  return 'holds';
}

function kindVerdict(kind: Exclude<FailureKind, 'violation'>): Verdict {
  return kind === 'diverged' ? 'diverged' : kind === 'timeout' ? 'inconclusive' : 'error';
}
