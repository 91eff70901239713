import path from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';
import { indexHtml } from './index-page.js';
import { loadReportData, type ReportSources } from './report-data.js';

/** Where a run stores what the report reads; the environment variables separate parallel runs (e.g. CI shards). */
export function defaultSources(reportsDir = process.env.NORMPROP_REPORTS_DIR ?? 'reports'): ReportSources & { reportsDir: string } {
  return {
    reportsDir,
    ledgerParts: [process.env.NORMPROP_LEDGER_PARTS ?? path.join(reportsDir, 'ledger-parts')],
    goldenParts: [process.env.NORMPROP_GOLDEN_PARTS ?? path.join(reportsDir, 'golden-parts')],
    goldenDir: process.env.NORMPROP_GOLDEN_DIR ?? 'golden',
    reproJson: path.join(reportsDir, 'repro.json'),
  };
}

/** Writes reportsDir/index.html from stored data and returns its path. */
export async function writeIndexReport(sources: ReportSources, reportsDir: string): Promise<string> {
  const file = path.join(reportsDir, 'index.html');
  await writeFileAtomic(file, await indexHtml(await loadReportData(sources)));
  return file;
}
