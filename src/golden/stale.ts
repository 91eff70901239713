import { readdir } from 'node:fs/promises';
import { goldenDir } from '../settings.js';

/**
 * Goldens no canonical experiment produces any more (renamed or removed experiments): nothing checks
 * them, so they only look like coverage. Obtained records and temporary files are not goldens.
 */
export async function staleGoldens(canonicalNames: readonly string[], dir = goldenDir()): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  return entries
    .filter((f) => f.endsWith('.json') && !f.endsWith('.obtained.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .filter((name) => !canonicalNames.includes(name))
    .sort();
}
