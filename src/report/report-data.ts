import { readdir } from 'node:fs/promises';
import { readLongRunRecords } from '../experiment/long-run-record.js';
import { ledgerClaims } from '../claims/catalog.js';
import { C10_RECORDS_DIR } from '../settings.js';
import type { LongRunRecord } from '../experiment/long-run-record.js';
import type { ClaimCheckResult } from '../claims/result.js';
import { InputError } from '../errors.js';
import type { GoldenOutcome } from '../golden/check.js';
import type { GoldenRecord } from '../golden/record.js';
import { readGolden } from '../golden/store.js';
import { MAX_PART_BYTES, readRegularTextFile } from '../io/read-bounded.js';
import { Shape } from '../io/stored-shape.js';
import { buildLedger, type Ledger } from './ledger-report.js';
import { readCheckResultsFrom, readGoldenOutcomesFrom } from './merge-parts.js';
import type { ReproEpochs } from './plot-data.js';

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
}

/** The repro record the page plots; read through the bounded reader (a FIFO there must not hang a run's teardown). */
async function readRepro(file: string): Promise<ReportData['repro']> {
  const text = await readRegularTextFile(file, MAX_PART_BYTES, 'repro record');
  if (text === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${file}: not a repro record (${(error as Error).message}); rerun npm run repro or remove the file`,
    );
  }
  return { file, record: checkReproShape(data, file) };
}

/** What the page reads of a repro record, each field checked, naming the file and the field. */
function checkReproShape(data: unknown, file: string): ReproEpochs {
  const s = new Shape(file, 'a repro record');
  const run = (value: unknown, where: string) => {
    const r = s.object(value, where.slice(0, -1));
    s.field(r, 'momentum', 'number', false, where);
    const epochs = s.field(r, 'epochs', 'array', false, where) as unknown[];
    epochs.forEach((e, i) => {
      const row = s.object(e, `${where}epochs[${i}]`);
      for (const key of ['epoch', 'loss', 'acc']) s.field(row, key, 'number or null', false, `${where}epochs[${i}].`);
    });
    for (const key of ['evaluate', 'trainingModeEvaluate']) {
      const ev = s.field(r, key, 'object', true, where) as Record<string, unknown> | undefined;
      if (ev) for (const k of ['loss', 'acc']) s.field(ev, k, 'number or null', false, `${where}${key}.`);
    }
    return r;
  };
  const record = run(data, '');
  if (record.answerRun !== undefined) run(record.answerRun, 'answerRun.');
  return data as ReproEpochs;
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
    ledger: buildLedger(ledgerClaims(), results, undefined, sources.partialReasons),
    results,
    goldenOutcomes,
    goldens: await readGoldens(sources.goldenDir),
    repro: await readRepro(sources.reproJson),
    c10Runs: await readLongRunRecords(sources.c10Records ?? C10_RECORDS_DIR),
  };
}
