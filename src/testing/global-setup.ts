import { CLAIMS } from '../claims/catalog.js';
import { clearCheckResults, readCheckResults } from '../claims/ledger-store.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-write.js';
import { buildLedger, ledgerMarkdown } from '../report/ledger-report.js';

/**
 * vitest global setup: clears the previous run's check results, and after every test file has run
 * (in the main process) joins the claims catalog with the results into reports/ledger.{json,md}.
 */
export async function setup(): Promise<() => Promise<void>> {
  await clearCheckResults();
  return async () => {
    const ledger = buildLedger(CLAIMS, await readCheckResults());
    await writeJsonAtomic('reports/ledger.json', ledger);
    await writeFileAtomic('reports/ledger.md', ledgerMarkdown(ledger));
    const counts = new Map<string, number>();
    for (const row of ledger.rows) counts.set(row.verdict, (counts.get(row.verdict) ?? 0) + 1);
    console.log(`\n[normprop] claims ledger: ${[...counts].map(([v, n]) => `${n} ${v}`).join(', ')} -> reports/ledger.md`);
  };
}
