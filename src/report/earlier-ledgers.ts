import path from 'node:path';
import { CLAIM_RECORDS, type ClaimRecord, type EarlierRow } from '../claims/claim-record.js';
import { MAX_PART_BYTES, readRegularTextFile } from '../io/read-bounded.js';

/**
 * The claims' rows in earlier ledgers (reports/ledger.json, reports/partial/ledger.json), by claim id:
 * the record a new ledger words "regressed" by. A missing ledger is no record (a fresh clone); one that
 * does not read is left out with a warning, never an error: the run's own results are what matter.
 */
export type EarlierRows = Map<string, EarlierRow[]>;

/** The ledgers a run's reports folder keeps: the last full run's and the partial runs' (reports/partial/). */
export const earlierLedgerFiles = (reportsDir: string): string[] => [
  path.join(reportsDir, 'ledger.json'),
  path.join(reportsDir, 'partial', 'ledger.json'),
];

function rowsOf(value: unknown): Array<[string, EarlierRow]> {
  const rows = (value as { rows?: unknown })?.rows;
  if (!Array.isArray(rows)) throw new Error('it has no rows');
  return rows.flatMap((row: Record<string, unknown>): Array<[string, EarlierRow]> => {
    const id = (row?.claim as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string' || typeof row.verdict !== 'string' || !Array.isArray(row.checks)) return [];
    const record = CLAIM_RECORDS.includes(row.record as ClaimRecord) ? (row.record as ClaimRecord) : undefined;
    return [[id, { verdict: row.verdict, checks: row.checks as EarlierRow['checks'], ...(record ? { record } : {}) }]];
  });
}

export async function readEarlierRows(files: string[], warn = console.warn): Promise<EarlierRows> {
  const byClaim: EarlierRows = new Map();
  for (const file of files) {
    try {
      const text = await readRegularTextFile(file, MAX_PART_BYTES * 4, 'ledger');
      if (text === undefined) continue;
      for (const [id, row] of rowsOf(JSON.parse(text))) byClaim.set(id, [...(byClaim.get(id) ?? []), row]);
    } catch (error) {
      warn(
        `[normprop] ${file}: left out of the claims' record (${(error as Error).message.split('\n')[0]}); a failing claim it held may read "fails" instead of "regressed"`,
      );
    }
  }
  return byClaim;
}
