import { PartsStore } from '../io/parts-store.js';
import { ledgerPartsDir } from '../settings.js';
import { FAILING_VERDICTS, type ClaimCheckResult } from './result.js';

/** Rows this process stored since the running test began (see withdrawIfTestFails). */
const storedInTest: { dir: string; result: ClaimCheckResult }[] = [];

const keyOf = (result: ClaimCheckResult) => `${result.claimId}--${result.check}`;

/** Check results, one file per claim check, joined into the ledger at the end of the run. */
export async function storeCheckResult(result: ClaimCheckResult, dir = ledgerPartsDir()): Promise<void> {
  await new PartsStore<ClaimCheckResult>(dir).write(keyOf(result), {
    ...result,
    date: result.date ?? new Date().toISOString(),
  });
  storedInTest.push({ dir, result });
}

/** Forgets which rows the previous test stored: called as each test starts. */
export function startTestRows(): void {
  storedInTest.length = 0;
}

/**
 * A check whose test then failed (a witness assertion after checkClaim, a tensor-leak check) is never
 * published as a pass or a refutation: each row the failed test stored becomes an `error` naming the
 * test's failure. Rows already failing keep their verdict.
 */
export async function withdrawTestRows(testFailure: string): Promise<void> {
  for (const { dir, result } of storedInTest.splice(0)) {
    if (FAILING_VERDICTS.includes(result.verdict)) continue;
    await new PartsStore<ClaimCheckResult>(dir).write(keyOf(result), {
      ...result,
      verdict: 'error',
      failure: `the test that ran this check failed after it (the check had said "${result.verdict}", which is not published): ${testFailure}`,
    });
  }
}

export const readCheckResults = (dir = ledgerPartsDir()) => new PartsStore<ClaimCheckResult>(dir).readAll();
