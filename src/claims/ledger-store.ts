import { PartsStore } from '../io/parts-store.js';
import { ledgerPartsDir } from '../settings.js';
import type { ClaimCheckResult } from './result.js';

/** Check results, one file per claim check, joined into the ledger at the end of the run. */
export async function storeCheckResult(result: ClaimCheckResult, dir = ledgerPartsDir()): Promise<void> {
  await new PartsStore<ClaimCheckResult>(dir).write(`${result.claimId}--${result.check}`, result);
}

export const readCheckResults = (dir = ledgerPartsDir()) => new PartsStore<ClaimCheckResult>(dir).readAll();
export const clearCheckResults = (dir = ledgerPartsDir()) => new PartsStore<ClaimCheckResult>(dir).clear();
