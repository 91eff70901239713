import path from 'node:path';
import { clearCheckResults } from '../claims/ledger-store.js';
import { goldenOutcomes } from '../golden/outcome-store.js';
import { verdictCounts } from '../report/ledger-report.js';
import { readGoldenOutcomesFrom } from '../report/merge-parts.js';
import { defaultSources, writeGoldenDiff, writeIndexReport, writeLedgerReports } from '../report/write-report.js';

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
    // A run without golden checks (a filtered or sharded one) leaves the last golden diff in place.
    const outcomes = await readGoldenOutcomesFrom(sources.goldenParts);
    if (outcomes.length > 0) {
      await writeGoldenDiff(outcomes, reportsDir);
      console.log(`[normprop] goldens: ${outcomes.filter((o) => !o.failed).length} of ${outcomes.length} pass -> ${out('golden-diff.md')}`);
    }
    const ledger = await writeLedgerReports(sources.ledgerParts, reportsDir);
    console.log(`\n[normprop] claims ledger: ${verdictCounts(ledger)} -> ${out('ledger.md')}`);
    console.log(`[normprop] report: ${await writeIndexReport(sources, reportsDir)}`);
  };
}
