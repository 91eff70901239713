import { NormpropError } from '../errors.js';

/**
 * Runs a global setup's start. A refusal (a setting, a folder normprop may not clear) is one line and
 * exit 2, as the commands give it, before any test runs or anything is deleted: vitest would print
 * it with a stack and carry on to the next file.
 */
export async function refuseToStart<T>(start: () => Promise<T>): Promise<T> {
  try {
    return await start();
  } catch (error) {
    if (!(error instanceof NormpropError)) throw error;
    console.error(`[normprop] ${error.message}`);
    process.exit(error.exitCode);
  }
}

/**
 * Wraps a global setup's teardown the same way, except that vitest is let finish: a stored file that
 * is refused (a FIFO at reports/repro.json) is one line and exit code 2, not a stack or a hang.
 */
export function refuseInTeardown(teardown: () => Promise<void>): () => Promise<void> {
  return async () => {
    try {
      await teardown();
    } catch (error) {
      if (!(error instanceof NormpropError)) throw error;
      console.error(`[normprop] ${error.message}`);
      process.exitCode = error.exitCode;
    }
  };
}
