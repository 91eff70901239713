import { NormpropError } from '../errors.js';
import { checkSettings } from '../settings-check.js';

/**
 * Runs a command's main function with the documented exit codes: 0 done, 1 a check failed or an
 * unexpected error (with its stack, since that is a bug), 2 bad usage or input (message only).
 */
export async function runMain(main: () => Promise<number | void>): Promise<void> {
  try {
    // Settings first, as strictly as flags: a bad one must not be found minutes into the work.
    await checkSettings();
    process.exitCode = (await main()) ?? 0;
  } catch (error) {
    if (error instanceof NormpropError) {
      process.stderr.write(`normprop: ${error.message}\n`);
      process.exitCode = error.exitCode;
    } else {
      process.stderr.write(
        `normprop: unexpected error (please report it):\n${error instanceof Error ? error.stack : String(error)}\n`,
      );
      process.exitCode = 1;
    }
  }
}
