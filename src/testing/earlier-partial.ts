import path from 'node:path';
import { PartsStore } from '../io/parts-store.js';

/**
 * Partial runs accumulate: before a partial run writes its reports, the results earlier partial runs
 * left in reports/partial/ join its own (its own win for the same check), so running LN2 alone after
 * C01-C04 keeps C01-C04 on the partial ledger, each row with the date it was stored. A result that no
 * longer reads (another version's, a claim since removed) is left out, saying so; nothing is deleted.
 */
export async function keepEarlierPartial<T>(
  earlierDir: string,
  runDir: string,
  check: (value: unknown, file: string) => T,
): Promise<{ kept: number; skipped: string[] }> {
  const earlier = new PartsStore<T>(earlierDir);
  const run = new PartsStore<T>(runDir);
  const own = new Set(await run.names());
  let kept = 0;
  const skipped: string[] = [];
  for (const name of await earlier.names()) {
    if (own.has(name)) continue;
    try {
      const value = await earlier.read(name, check);
      if (value === undefined) continue;
      // Under its own file name: the key it was stored by.
      await run.write(name.replace(/\.json$/, ''), value);
      kept++;
    } catch (error) {
      skipped.push(`${path.join(earlierDir, name)} (${(error as Error).message.split('\n')[0]})`);
    }
  }
  return { kept, skipped };
}
