import { CLAIMS } from '../claims/catalog.js';
import { clearCheckResults, readCheckResults } from '../claims/ledger-store.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-write.js';
import { goldenOutcomes } from '../golden/outcome-store.js';
import { goldenDiffHtml, goldenDiffMarkdown } from '../report/golden-diff.js';
import { buildLedger, ledgerMarkdown } from '../report/ledger-report.js';

/**
 * vitest global setup: clears the previous run's check results and golden outcomes, and after every
 * test file has run (in the main process) writes reports/ledger.{json,md} and reports/golden-diff.{md,html}.
 */
export async function setup(): Promise<() => Promise<void>> {
  await clearCheckResults();
  await goldenOutcomes().clear();
  return async () => {
    const outcomes = await goldenOutcomes().readAll();
    if (outcomes.length > 0) {
      await writeFileAtomic('reports/golden-diff.md', goldenDiffMarkdown(outcomes));
      await writeFileAtomic('reports/golden-diff.html', goldenDiffHtml(outcomes));
      console.log(`[normprop] goldens: ${outcomes.filter((o) => !o.failed).length} of ${outcomes.length} pass -> reports/golden-diff.md`);
    }
    const ledger = buildLedger(CLAIMS, await readCheckResults());
    await writeJsonAtomic('reports/ledger.json', ledger);
    await writeFileAtomic('reports/ledger.md', ledgerMarkdown(ledger));
    const counts = new Map<string, number>();
    for (const row of ledger.rows) counts.set(row.verdict, (counts.get(row.verdict) ?? 0) + 1);
    console.log(`\n[normprop] claims ledger: ${[...counts].map(([v, n]) => `${n} ${v}`).join(', ')} -> reports/ledger.md`);
  };
}
