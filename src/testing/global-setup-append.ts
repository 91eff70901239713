import path from 'node:path';
import { checkSettings } from '../settings-check.js';
import { refuseToStart } from './setup-refusal.js';
import { verdictCounts } from '../report/ledger-report.js';
import { defaultSources, writeIndexReport, writeLedgerReports } from '../report/write-report.js';

/**
 * vitest global setup of the opt-in tiers (npm run test:resnet50): their checks join the results the
 * last `npm test` stored (nothing is cleared), and the ledger and the page are rewritten from all of them.
 */
export async function setup(): Promise<() => Promise<void>> {
  // NORMPROP_RESNET50_RUNS=0 or abc would store "runs 0" in the published parts: refused first.
  await refuseToStart(checkSettings);
  const { reportsDir, ...sources } = defaultSources();
  return async () => {
    const ledger = await writeLedgerReports(sources.ledgerParts, reportsDir);
    console.log(`\n[normprop] claims ledger: ${verdictCounts(ledger)} -> ${path.join(reportsDir, 'ledger.md')}`);
    console.log(`[normprop] report: ${await writeIndexReport(sources, reportsDir)}`);
  };
}
