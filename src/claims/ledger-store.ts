import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { writeJsonAtomic } from '../io/atomic-write.js';
import type { ClaimCheckResult } from './result.js';

/**
 * Check results travel from the test workers (separate processes) to the ledger report through
 * one small file per check, written atomically, so parallel workers never clobber each other.
 */
export const LEDGER_PARTS_DIR = process.env.NORMPROP_LEDGER_PARTS ?? path.join('reports', 'ledger-parts');

const fileFor = (dir: string, result: Pick<ClaimCheckResult, 'claimId' | 'check'>) =>
  path.join(dir, `${result.claimId}--${result.check.replace(/[^A-Za-z0-9_-]+/g, '-')}.json`);

export async function storeCheckResult(result: ClaimCheckResult, dir = LEDGER_PARTS_DIR): Promise<void> {
  await writeJsonAtomic(fileFor(dir, result), result);
}

export async function readCheckResults(dir = LEDGER_PARTS_DIR): Promise<ClaimCheckResult[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const results: ClaimCheckResult[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const file = path.join(dir, name);
    try {
      results.push(JSON.parse(await readFile(file, 'utf8')) as ClaimCheckResult);
    } catch (error) {
      throw new Error(`${file}: not a readable check result (${(error as Error).message})`);
    }
  }
  return results;
}

export async function clearCheckResults(dir = LEDGER_PARTS_DIR): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}
