import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { kernelProvenance } from '../backend/kernel-set.js';
import { binomialUpperTail } from '../stats/binomial.js';
import type { Rate } from '../stats/clopper-pearson.js';
import { FailureStore } from '../failures/failure-store.js';
import { replayLine } from '../property-engine/replay-line.js';
import { runProperty, settleFailures } from '../property-engine/run.js';
import { claimById, type ClaimId } from './catalog.js';
import type { DivergedRunError } from './diverged-run.js';
import { failureKind, failureText, watchCrashes } from './failure-kind.js';
import { storeCheckResult } from './ledger-store.js';
import type { ClaimCheckResult } from './result.js';
import { verdictOf } from './verdict-of.js';

export interface ClaimCheckOptions<Ts> {
  /** Runs to attempt (fast-check numRuns). */
  numRuns: number;
  /** The least completed runs for a verdict; fewer (time limit hit) is 'inconclusive', never a pass. */
  minRuns: number;
  /** Stop starting new runs (and shrinking) after this many ms; 0 for no limit. */
  timeLimitMs?: number;
  /** A single case taking longer than this fails (fast-check `timeout`); 0 for no limit. */
  caseTimeoutMs?: number;
  /**
   * Runs once before the clock starts: the first, slow run of a backend (kernel compilation, XNNPACK
   * set-up) belongs here, so it counts against neither the time limit nor the per-case limit.
   */
  warmUp?: () => Promise<unknown>;
  seed?: number;
  examples?: fc.Parameters<Ts>['examples'];
  /** Figures to record beside the verdict (measured during the runs). */
  measured?: () => Record<string, unknown>;
  /**
   * The cases that did work, for a property that stops working once its decision rule has decided (its
   * later fast-check runs return at once): the ledger's runs then count those, not fast-check's runs.
   */
  casesRun?: () => number;
  /** The model the property trains, for the ledger ("resnet50" or the small family's shape). */
  model?: string;
  /** The measured rate (k of n runs, with its interval), read after the runs. */
  rate?: () => Rate;
  /** For a claim expected to be refuted: figures of the last failing case, which is fast-check's shrunk counterexample. */
  witness?: () => Record<string, number> | undefined;
  /**
   * Health check: the most generated cases the property may discard (fc.pre) per case tried, as a share
   * (default 0.5: a property that mostly discards). More fails the check with a message, not a verdict: the generator is then not testing the claim.
   */
  maxDiscardShare?: number;
  /**
   * For a claim the measurement decides: the verdict from the figures, read after a completed measurement:
   * 'holds' or 'refuted' when the decision rule decides, 'undecided' when the sample reached its cap
   * without deciding, 'measured' for a figure no rule judges.
   */
  decide?: () => 'holds' | 'refuted' | 'measured' | 'undecided';
  /** Why the property discards cases, for the health-check message. */
  discards?: string;
  /** Where the result is stored for the ledger (default reports/ledger-parts). */
  ledgerDir?: string;
  /** The failure database (default .normprop/failures, or NORMPROP_FAILURES_DIR); false leaves it out. */
  failures?: FailureStore | false;
}

/** JSON where it can (fast-check's own printer shows records as {__proto__:null,...}). */
function printable(value: unknown): string {
  try {
    return JSON.stringify(value) ?? fc.stringify(value);
  } catch {
    return fc.stringify(value);
  }
}

/**
 * Runs a claim's property through the property engine (src/property-engine/run.ts: fast-check's
 * `check`, which reports, never throws), turns the outcome
 * into a verdict by the claim's expectation, stores it for the ledger, and returns it.
 */
export async function checkClaim<Ts>(
  claimId: ClaimId,
  check: string,
  property: fc.IAsyncPropertyWithHooks<Ts> | fc.IPropertyWithHooks<Ts>,
  options: ClaimCheckOptions<Ts>,
): Promise<ClaimCheckResult> {
  const claim = claimById(claimId);
  const key = `${claimId}--${check}`;
  const failures = options.failures === false ? undefined : (options.failures ?? new FailureStore());
  const crashes = watchCrashes<Ts>();
  const run = await runProperty(property, {
    wrap: crashes.wrap,
    key,
    label: `claim ${claimId} / ${check}`,
    params: {
      numRuns: options.numRuns,
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.examples ? { examples: options.examples } : {}),
      ...(options.caseTimeoutMs ? { timeout: options.caseTimeoutMs } : {}),
      ...(options.timeLimitMs ? { interruptAfterTimeLimit: options.timeLimitMs } : {}),
    },
    failures,
    warmUp: options.warmUp,
    file: claim.property,
    nameStoreFile: true,
  });
  const { details, seed, path, where, warmUpSeconds, started } = run;
  const runs = options.casesRun ? options.casesRun() : details.numRuns;
  // What every stored row of this check says, whatever its verdict.
  const checkRow = () => ({
    claimId,
    check,
    runs,
    minRuns: options.minRuns,
    seed,
    seconds: (performance.now() - started) / 1000,
    ...(options.model ? { model: options.model } : {}),
    backend: tf.engine().backendName ?? 'none',
    kernels: kernelProvenance(),
  });
  try {
    assertGeneratorHealthy(
      `${claimId} / ${check}`,
      details.numRuns,
      details.numSkips,
      options.maxDiscardShare ?? 0.5,
      options.discards,
    );
  } catch (error) {
    // No verdict on the claim, but the ledger must not read as if the check had passed: it is the harness's error.
    if (error instanceof GeneratorHealthError)
      await storeCheckResult(
        { ...checkRow(), verdict: 'error', replay: replayLine({ seed, ...where }), failure: error.message },
        options.ledgerDir,
      );
    throw error;
  }
  const failed = details.failed
    ? { kind: failureKind(details.errorInstance), error: details.errorInstance }
    : undefined;
  const diverged = failed?.kind === 'diverged' ? (failed.error as DivergedRunError).divergence : undefined;
  const failure = failed ? failureText(failed.error) : undefined;
  // One replayed case is all a replay run tries: its pass is not a verdict on too few runs.
  const minRuns = path ? Math.min(options.minRuns, 1) : options.minRuns;
  const measurementComplete = !failed && runs >= minRuns;
  const crash = crashes.firstCrash();
  const verdict = verdictOf(claim, {
    runs,
    minRuns,
    ...(failed ? { failure: { kind: failed.kind, message: failure ?? '' } } : {}),
    ...(crash !== undefined ? { crash } : {}),
    ...(measurementComplete && options.decide ? { decided: options.decide() } : {}),
  });
  // A crash met while shrinking is what the row reports, not the violation fast-check ended on (a crash
  // always fails the run, so it comes with a counterexample).
  const crashNote =
    verdict === 'error' && failed?.kind !== 'crash' && crash !== undefined
      ? `a case crashed (nothing was judged on it): ${crash}`
      : undefined;

  // A witness shows the mechanism of a refutation; beside an error it would show a case nothing judged.
  const witness = verdict === 'refuted' ? options.witness?.() : undefined;
  const failedPath = details.failed ? run.failedPath : undefined;
  const result: ClaimCheckResult = {
    ...checkRow(),
    verdict,
    // A failure's line names its case; the path is relative to generated cases (replay runs leave the stored ones out).
    replay: replayLine({ seed, path: failedPath, ...where }),
    ...(failedPath ? { path: failedPath } : {}),
    ...(details.failed
      ? {
          counterexample: printable(details.counterexample),
          shrinks: details.numShrinks,
          failure: crashNote ?? failure,
        }
      : {}),
    ...(diverged ? { divergence: diverged } : {}),
    ...(run.replayed ? { replayed: run.replayed } : {}),
    ...(warmUpSeconds !== undefined ? { warmUpSeconds } : {}),
    ...(options.measured ? { measured: options.measured() } : {}),
    ...(options.rate ? { rate: options.rate() } : {}),
    ...(witness ? { witness } : {}),
  };
  // A refuted claim's counterexample is the expected outcome, not a failure to remember.
  const remember = details.failed && verdict !== 'refuted' && verdict !== 'known bug' && failed?.kind !== 'timeout';
  await settleFailures(run, remember ? { printed: result.counterexample ?? '', failure: result.failure } : undefined);
  await storeCheckResult(result, options.ledgerDir);
  return result;
}

/** Thrown when a property's generator mostly discards: no verdict, an `error` row in the ledger (Hypothesis' health check). */
export class GeneratorHealthError extends Error {}

/**
 * How unlikely the discards must be, at the allowed share, before the generator is blamed. A share
 * measured on a few tries is noise (1 discard in 4 tries is 25%, and happens to a generator that
 * discards 5% of its cases about one time in five), so the check asks whether the count is beyond chance.
 */
export const HEALTH_CHECK_ALPHA = 0.01;

/**
 * Fails when the discarded share is over `maxShare` and more discards than a generator discarding
 * `maxShare` of its cases would give with probability HEALTH_CHECK_ALPHA (one-sided exact binomial test).
 */
export function assertGeneratorHealthy(
  name: string,
  runs: number,
  discarded: number,
  maxShare: number,
  why?: string,
): void {
  const tried = runs + discarded;
  if (tried === 0 || discarded / tried <= maxShare) return;
  const p = binomialUpperTail(discarded, tried, maxShare);
  if (p >= HEALTH_CHECK_ALPHA) return;
  throw new GeneratorHealthError(
    `Health check failed for ${name}: the generator's cases were discarded ${discarded} times for ${runs} runs (${((100 * discarded) / tried).toFixed(0)}% of ${tried} tried, more than the ${(100 * maxShare).toFixed(0)}% allowed; p = ${p.toPrecision(2)} at that share)${why ? ` because ${why}` : ''}. Fix the generator; no verdict was recorded.`,
  );
}

/** The suite's regression rule, with a message a person can act on. */
export function assertExpectedVerdict(result: ClaimCheckResult): void {
  if (
    result.verdict === 'holds' ||
    result.verdict === 'refuted' ||
    result.verdict === 'measured' ||
    result.verdict === 'undecided' ||
    result.verdict === 'known bug'
  )
    return;
  const claim = claimById(result.claimId);
  const expected =
    claim.expectation === 'refuted'
      ? 'be refuted'
      : claim.expectation === 'known-bug'
        ? `fail with the known bug (${claim.symptom})`
        : 'hold';
  // A check does not know the claim's record: "regressed" (it once held) is the ledger's word, from earlier runs.
  const word = result.verdict === 'regressed' ? 'FAILS' : result.verdict.toUpperCase();
  const lines = [
    `Claim ${claim.id} (${result.check}) ${word}: expected it to ${expected}.`,
    `  claim: ${claim.statement}`,
  ];
  if (result.verdict === 'error')
    lines.push(
      "  the harness failed (an exception outside the property's assertion): this says nothing about the library",
    );
  if (result.verdict === 'fixed upstream')
    lines.push(
      `  the known bug no longer shows in ${result.runs} runs: the library fixed it; remove ${claim.id} from the known bugs`,
    );
  if (result.verdict === 'diverged')
    lines.push(
      `  a training run diverged, so the claim could not be judged on it (step ${result.divergence?.step}, ${result.divergence?.quantity} ${result.divergence?.value})`,
    );
  if (result.verdict === 'inconclusive')
    lines.push(
      result.failure
        ? `  a case ran over the per-case time limit (${result.failure})`
        : `  only ${result.runs} of the required ${result.minRuns} runs completed within the time limit`,
    );
  if (claim.expectation === 'refuted' && result.verdict === 'regressed')
    lines.push(`  fast-check found no counterexample in ${result.runs} runs: the library's behaviour changed`);
  if (result.counterexample) lines.push(`  counterexample (shrunk ${result.shrinks} times): ${result.counterexample}`);
  if (result.failure) lines.push(`  failure: ${result.failure}`);
  lines.push(`  replay: ${result.replay}`);
  throw new Error(lines.join('\n'));
}
