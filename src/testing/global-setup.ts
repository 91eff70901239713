import path from 'node:path';
import { ledgerClaims } from '../claims/catalog.js';
import { clearCheckResults, readCheckResults } from '../claims/ledger-store.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-write.js';
import { goldenOutcomes } from '../golden/outcome-store.js';
import { goldenDiffHtml, goldenDiffMarkdown } from '../report/golden-diff.js';
import { buildLedger, ledgerMarkdown } from '../report/ledger-report.js';
import { defaultSources, writeIndexReport } from '../report/write-report.js';

/**
 * vitest global setup: clears the previous run's check results and golden outcomes, and after every
 * test file has run (in the main process) writes reports/ledger.{json,md}, reports/golden-diff.{md,html}
 * and reports/index.html (NORMPROP_REPORTS_DIR moves them, e.g. for a nested run in a test).
 */
export async function setup(): Promise<() => Promise<void>> {
  await clearCheckResults();
  await goldenOutcomes().clear();
  const { reportsDir, ...sources } = defaultSources();
  const out = (name: string) => path.join(reportsDir, name);
  return async () => {
    const outcomes = await goldenOutcomes().readAll();
    if (outcomes.length > 0) {
      await writeFileAtomic(out('golden-diff.md'), goldenDiffMarkdown(outcomes));
      await writeFileAtomic(out('golden-diff.html'), goldenDiffHtml(outcomes));
      console.log(`[normprop] goldens: ${outcomes.filter((o) => !o.failed).length} of ${outcomes.length} pass -> ${out('golden-diff.md')}`);
    }
    const ledger = buildLedger(ledgerClaims(), await readCheckResults());
    await writeJsonAtomic(out('ledger.json'), ledger);
    await writeFileAtomic(out('ledger.md'), ledgerMarkdown(ledger));
    const counts = new Map<string, number>();
    for (const row of ledger.rows) counts.set(row.verdict, (counts.get(row.verdict) ?? 0) + 1);
    console.log(`\n[normprop] claims ledger: ${[...counts].map(([v, n]) => `${n} ${v}`).join(', ')} -> ${out('ledger.md')}`);
    console.log(`[normprop] report: ${await writeIndexReport(sources, reportsDir)}`);
  };
}
