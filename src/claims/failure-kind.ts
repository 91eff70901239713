import fc from 'fast-check';
import { isClaimViolation } from '../harness-error.js';
import { DivergedRunError } from './diverged-run.js';
import type { FailureKind } from './verdict-of.js';

/** fast-check's message for a case over the per-case limit (its timeout decorator wraps our property). */
const TIMEOUT = /Property timeout: exceeded limit/;

export function failureKind(error: unknown): FailureKind {
  if (error instanceof DivergedRunError) return 'diverged';
  if (isClaimViolation(error)) return 'violation';
  if (TIMEOUT.test(String((error as Error | undefined)?.message ?? error))) return 'timeout';
  return 'crash';
}

/** The first lines of a failure's message: what the ledger shows. */
export function failureText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n').slice(0, 6).join('\n');
}

/**
 * The property with every case's failure watched, during generation and shrinking alike: fast-check
 * shrinks towards any failing case, so a crash met while shrinking a violation could otherwise end as
 * the "counterexample" of a refuted claim, or be hidden behind an earlier witness. The first crash is
 * kept for the verdict (see verdictOf).
 */
export function watchCrashes<Ts>(): {
  wrap: (property: fc.IRawProperty<Ts>) => fc.IRawProperty<Ts>;
  firstCrash: () => string | undefined;
} {
  let crash: string | undefined;
  const observe = <R>(outcome: R): R => {
    const error = (outcome as { error?: unknown } | null)?.error;
    if (crash === undefined && outcome !== null && !fc.PreconditionFailure.isFailure(outcome)) {
      if (failureKind(error) === 'crash') crash = failureText(error);
    }
    return outcome;
  };
  const wrap = (raw: fc.IRawProperty<Ts>): fc.IRawProperty<Ts> => ({
    isAsync: () => raw.isAsync(),
    generate: (mrng, runId) => raw.generate(mrng, runId),
    shrink: (value) => raw.shrink(value),
    run: ((v: Ts) => {
      const out = raw.run(v);
      return out instanceof Promise ? out.then(observe) : observe(out);
    }) as fc.IRawProperty<Ts>['run'],
    runBeforeEach: () => raw.runBeforeEach(),
    runAfterEach: () => raw.runAfterEach(),
  });
  return { wrap, firstCrash: () => crash };
}
