import path from 'node:path';
import { PartsStore } from '../io/parts-store.js';
import type { ClaimCheckResult } from './result.js';

/** Check results, one file per claim check, joined into the ledger at the end of the run. */
export const LEDGER_PARTS_DIR = process.env.NORMPROP_LEDGER_PARTS ?? path.join('reports', 'ledger-parts');

export async function storeCheckResult(result: ClaimCheckResult, dir = LEDGER_PARTS_DIR): Promise<void> {
  await new PartsStore<ClaimCheckResult>(dir).write(`${result.claimId}--${result.check}`, result);
}

export const readCheckResults = (dir = LEDGER_PARTS_DIR) => new PartsStore<ClaimCheckResult>(dir).readAll();
export const clearCheckResults = (dir = LEDGER_PARTS_DIR) => new PartsStore<ClaimCheckResult>(dir).clear();
