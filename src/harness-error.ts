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
 * Whether a property's failure is a harness error rather than a broken claim. Properties state a
 * violated claim by throwing an Error (or a vitest AssertionError) or returning false; a JavaScript
 * fault (TypeError, RangeError, ReferenceError, SyntaxError) or a HarnessError is the harness failing.
 */
export function isHarnessFailure(error: unknown): boolean {
  if (error instanceof HarnessError) return true;
  return (
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof ReferenceError ||
    error instanceof SyntaxError
  );
}
