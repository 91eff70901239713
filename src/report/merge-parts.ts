import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ledgerClaims } from '../claims/catalog.js';
import type { ClaimCheckResult } from '../claims/result.js';
import { InputError } from '../errors.js';
import type { GoldenOutcome } from '../golden/check.js';
import { PartsStore, RUN_MARKER } from '../io/parts-store.js';
import { checkOutcomeShape, checkResultShape } from './part-schemas.js';

/**
 * Joins the parts that several runs stored (e.g. one folder per CI shard) into one list. A result that
 * two folders both hold must be the same in both; two different results for one key are an error
 * naming the folders, since a merged report would otherwise show whichever was read last.
 */
export async function readMergedParts<T>(
  dirs: string[],
  keyOf: (value: T) => string | undefined,
  what: string,
  check?: (value: unknown, file: string) => T,
): Promise<T[]> {
  const byKey = new Map<string, { value: T; dir: string }>();
  for (const dir of dirs) {
    let values: T[];
    try {
      values = await new PartsStore<T>(dir).readAll(check);
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    for (const value of values) {
      const key = keyOf(value);
      if (typeof key !== 'string')
        throw new InputError(`${dir}: holds a file that is not ${what}; is it the right folder?`);
      const seen = byKey.get(key);
      if (seen && !isDeepStrictEqual(seen.value, value))
        throw new InputError(
          `"${key}" is stored in both ${seen.dir} and ${dir} with different results; merge parts of one run only`,
        );
      if (!seen) byKey.set(key, { value, dir });
    }
  }
  return [...byKey.values()].map((v) => v.value);
}

/**
 * For folders a person names on the command line: a missing one, or an empty one no run marked, is a
 * mistake (a shard's lost artifact, a wrong path), not a run with nothing to say, so it stops the
 * command naming the folders.
 */
export async function requireDirectories(dirs: string[], flag: string): Promise<void> {
  if (dirs.length === 0) throw new InputError(`${flag}: no folder given`);
  const empty: string[] = [];
  for (const dir of dirs) {
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory())
      throw new InputError(
        `${flag}: ${dir} is not a folder${info ? '' : `; the reports come from a test run: run npm test first (a run of some files only writes ${path.join('reports', 'partial')}/, name those folders with ${flag})`}`,
      );
    // A run marks every parts folder it writes, even one it stores nothing in (a shard without goldens).
    const names = await readdir(dir);
    if (!names.includes(RUN_MARKER) && !names.some((n) => n.endsWith('.json'))) empty.push(dir);
  }
  if (empty.length)
    throw new InputError(
      `${flag}: ${empty.join(', ')} ${empty.length > 1 ? 'hold' : 'holds'} no stored results and no mark of a run (${RUN_MARKER}); did the run (or shard) that writes ${empty.length > 1 ? 'them' : 'it'} run?`,
    );
}

/** Check results of several parts folders (one per shard), keyed as the ledger store names them; each checked (part-schemas.ts). */
export async function readCheckResultsFrom(dirs: string[]) {
  const known = new Set(ledgerClaims().map((c) => c.id));
  return readMergedParts<ClaimCheckResult>(
    dirs,
    (r) => `${r.claimId}--${r.check}`,
    'a claim check result',
    (value, file) => checkResultShape(value, file, known),
  );
}

/** Golden outcomes of several parts folders, one per golden, each checked. */
export const readGoldenOutcomesFrom = (dirs: string[]) =>
  readMergedParts<GoldenOutcome>(dirs, (o) => o.name, 'a golden outcome', checkOutcomeShape);
