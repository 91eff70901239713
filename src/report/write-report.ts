import path from 'node:path';
import type { GoldenOutcome } from '../golden/check.js';
import { ledgerClaims } from '../claims/catalog.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic-write.js';
import { goldenDir, goldenPartsDir, ledgerPartsDir, reportsDir as reportsDirSetting } from '../settings.js';
import { goldenDiffHtml, goldenDiffMarkdown } from './golden-diff.js';
import { buildLedger, ledgerMarkdown } from './ledger-report.js';
import { earlierLedgerFiles, readEarlierRows } from './earlier-ledgers.js';
import { readCheckResultsFrom, readGoldenOutcomesFrom } from './merge-parts.js';
import { indexHtml } from './index-page.js';
import { loadReportData, type ReportSources } from './report-data.js';

/**
 * Where this run's workers stored what the report reads (NORMPROP_LEDGER_PARTS, NORMPROP_GOLDEN_PARTS
 * and NORMPROP_REPORTS_DIR separate parallel runs, e.g. CI shards or a test's nested run).
 */
export function defaultSources(reportsDir = reportsDirSetting()): ReportSources & { reportsDir: string } {
  return {
    reportsDir,
    ledgerParts: [ledgerPartsDir()],
    goldenParts: [goldenPartsDir()],
    goldenDir: goldenDir(),
    reproJson: path.join(reportsDir, 'repro.json'),
    earlierLedgers: earlierLedgerFiles(reportsDir),
  };
}

/** Writes reportsDir/index.html from stored data and returns its path. */
export async function writeIndexReport(sources: ReportSources, reportsDir: string): Promise<string> {
  const file = path.join(reportsDir, 'index.html');
  await writeFileAtomic(file, await indexHtml(await loadReportData(sources)));
  return file;
}

/**
 * reportsDir/ledger.{json,md} from the check results in the given parts folders; returns the ledger.
 * Each claim's record comes from the earlier ledgers (by default those in reportsDir), read before
 * this one replaces them.
 */
export async function writeLedgerReports(
  ledgerParts: string[],
  reportsDir: string,
  partialReasons: string[] = [],
  earlierLedgers: string[] = earlierLedgerFiles(reportsDir),
) {
  const results = await readCheckResultsFrom(ledgerParts);
  const earlier = await readEarlierRows(earlierLedgers);
  const ledger = buildLedger(ledgerClaims(), results, undefined, partialReasons, undefined, earlier);
  await writeJsonAtomic(path.join(reportsDir, 'ledger.json'), ledger);
  await writeFileAtomic(path.join(reportsDir, 'ledger.md'), ledgerMarkdown(ledger));
  return ledger;
}

/** reportsDir/golden-diff.{md,html} from golden outcomes already read. */
export async function writeGoldenDiff(outcomes: GoldenOutcome[], reportsDir: string): Promise<void> {
  await writeFileAtomic(path.join(reportsDir, 'golden-diff.md'), goldenDiffMarkdown(outcomes));
  await writeFileAtomic(path.join(reportsDir, 'golden-diff.html'), goldenDiffHtml(outcomes));
}

/** reportsDir/golden-diff.{md,html} from the golden outcomes in the given parts folders; returns them. */
export async function writeGoldenDiffReports(goldenParts: string[], reportsDir: string) {
  const outcomes = await readGoldenOutcomesFrom(goldenParts);
  await writeGoldenDiff(outcomes, reportsDir);
  return outcomes;
}
