import { readdir } from 'node:fs/promises';
import { readLongRunRecords } from '../experiment/long-run-record.js';
import { ledgerClaims } from '../claims/catalog.js';
import { C10_RECORDS_DIR } from '../settings.js';
import type { LongRunRecord } from '../experiment/long-run-record.js';
import type { ClaimCheckResult } from '../claims/result.js';
import type { GoldenOutcome } from '../golden/check.js';
import type { GoldenRecord } from '../golden/record.js';
import { readGolden } from '../golden/store.js';
import { buildLedger, type Ledger } from './ledger-report.js';
import { readEarlierRows } from './earlier-ledgers.js';
import { readCheckResultsFrom, readGoldenOutcomesFrom } from './merge-parts.js';
import type { ReproEpochs } from './plot-data.js';
import { readReproFile } from './repro-file.js';

/** Everything reports/index.html shows, read from what runs stored. Nothing here runs an experiment. */
export interface ReportData {
  ledger: Ledger;
  results: ClaimCheckResult[];
  goldenOutcomes: GoldenOutcome[];
  goldens: GoldenRecord[];
  /** The repro's record, if `npm run repro` wrote one. */
  repro?: { file: string; record: ReproEpochs };
  /** C10's long ResNet50 runs (npm run measure:c10), as stored. */
  c10Runs?: LongRunRecord[];
}

export interface ReportSources {
  ledgerParts: string[];
  goldenParts: string[];
  goldenDir: string;
  reproJson: string;
  /** Where measure:c10's records are (default measurements/c10-resnet50). */
  c10Records?: string;
  /** Why the run that stored these results was partial (a filter, a shard, an interruption); none for a complete one. */
  partialReasons?: string[];
  /** Ledgers whose rows give each claim's record (earlierLedgerFiles); none: no run on record. */
  earlierLedgers?: string[];
}

async function readGoldens(dir: string): Promise<GoldenRecord[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const goldens: GoldenRecord[] = [];
  for (const name of names.filter((n) => n.endsWith('.json') && !n.endsWith('.obtained.json')).sort()) {
    const golden = await readGolden(name.slice(0, -'.json'.length), dir);
    if (golden) goldens.push(golden);
  }
  return goldens;
}

export async function loadReportData(sources: ReportSources): Promise<ReportData> {
  const results = await readCheckResultsFrom(sources.ledgerParts);
  const goldenOutcomes = await readGoldenOutcomesFrom(sources.goldenParts);
  return {
    ledger: buildLedger(
      ledgerClaims(),
      results,
      undefined,
      sources.partialReasons,
      undefined,
      await readEarlierRows(sources.earlierLedgers ?? []),
    ),
    results,
    goldenOutcomes,
    goldens: await readGoldens(sources.goldenDir),
    repro: await readReproFile(sources.reproJson),
    c10Runs: await readLongRunRecords(sources.c10Records ?? C10_RECORDS_DIR),
  };
}
