import path from 'node:path';
import { verdictCounts } from '../report/ledger-report.js';
import { defaultSources, writeIndexReport, writeLedgerReports } from '../report/write-report.js';

/**
 * vitest global setup of the opt-in tiers (npm run test:resnet50): their checks join the results the
 * last `npm test` stored (nothing is cleared), and the ledger and the page are rewritten from all of them.
 */
export async function setup(): Promise<() => Promise<void>> {
  const { reportsDir, ...sources } = defaultSources();
  return async () => {
    const ledger = await writeLedgerReports(sources.ledgerParts, reportsDir);
    console.log(`\n[normprop] claims ledger: ${verdictCounts(ledger)} -> ${path.join(reportsDir, 'ledger.md')}`);
    console.log(`[normprop] report: ${await writeIndexReport(sources, reportsDir)}`);
  };
}
