import { formatRate, rate, type Rate } from '../stats/clopper-pearson.js';

/** Held-out error counts per normalization and batch size, summed over runs. */
export type ErrorTable = Record<string, Record<number, { k: number; n: number }>>;

export function addCount(table: ErrorTable, norm: string, batchSize: number, k: number, n: number): void {
  const cell = ((table[norm] ??= {})[batchSize] ??= { k: 0, n: 0 });
  cell.k += k;
  cell.n += n;
}

export function rateOf(table: ErrorTable, norm: string, batchSize: number): Rate {
  const cell = table[norm]?.[batchSize] ?? { k: 0, n: 0 };
  return rate(cell.k, cell.n);
}

/** Significantly higher: the two 95% intervals do not overlap. */
const above = (a: Rate, b: Rate) => a.ci95[0] > b.ci95[1];

/**
 * Wu & He's claim on a table: holds when BN's error at the smallest batch is significantly above its error
 * at the largest while GN's is not; refuted when the data go significantly the other way (BN's error falls
 * as the batch shrinks, or GN's grows); measured (neither shown) otherwise.
 */
export function decideBatchSizeClaim(
  table: ErrorTable,
  small: number,
  large: number,
): 'holds' | 'refuted' | 'measured' {
  const bnGrows = above(rateOf(table, 'batch-norm', small), rateOf(table, 'batch-norm', large));
  const bnFalls = above(rateOf(table, 'batch-norm', large), rateOf(table, 'batch-norm', small));
  const gnGrows = above(rateOf(table, 'group-norm', small), rateOf(table, 'group-norm', large));
  if (bnGrows && !gnGrows) return 'holds';
  if (bnFalls || gnGrows) return 'refuted';
  return 'measured';
}

/** "batch-norm b=2": "k/n (95% CI lo-hi)", one entry per cell, for the ledger. */
export function tableFigures(table: ErrorTable): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [norm, cells] of Object.entries(table))
    for (const b of Object.keys(cells)) out[`${norm} heldOutError b=${b}`] = formatRate(rateOf(table, norm, Number(b)));
  return out;
}
