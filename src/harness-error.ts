/**
 * A failure of the harness itself, not of the layer under test: an input shape the harness does not
 * support, a trace that could not be run. A check that meets one gets the verdict 'error', never
 * 'regressed', since it says nothing about the library.
 */
export class HarnessError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HarnessError';
  }
}

/**
 * The one way a claim's predicate says "this case violates the claim" besides returning false (or a
 * vitest/node assertion failing). Anything else a property throws (a plain Error from tfjs's
 * util.assert, a WebAssembly RuntimeError, a TypeError) is a crash: the check's verdict is 'error',
 * never 'refuted' or 'regressed', because the claim's own predicate never judged the case.
 */
export class ClaimViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClaimViolation';
  }
}

/** What fast-check's property runner reports when a predicate returns false. */
const RETURNED_FALSE = 'Property failed by returning false';

/** The predicate itself judged the case and found the claim violated. */
export function isClaimViolation(error: unknown): boolean {
  if (error instanceof ClaimViolation) return true;
  if (!(error instanceof Error)) return false;
  // chai's (vitest's expect) and node:assert's assertion errors; fast-check's own "returned false".
  return error.name === 'AssertionError' || (error.constructor === Error && error.message === RETURNED_FALSE);
}
