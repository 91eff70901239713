import { formatRate, rate, type Rate } from '../stats/clopper-pearson.js';

/**
 * Held-out error counts per normalization and batch size, summed over runs. Pooled images of a few models
 * are not independent trials: these cells describe, the per-model unit below decides.
 */
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

/** One seed's held-out error share per normalization and batch size: the independent unit of GN4. */
export type SeedErrors = Record<'batch-norm' | 'group-norm', Record<number, number>>;

/**
 * Wu & He's Figure 1 on one seed (same images, same initial weights, same steps): does BN's excess error
 * over GN grow as the batch shrinks from `large` to `small`? Ties count as no (the claim must show).
 */
export function bnExcessGrows(e: SeedErrors, small: number, large: number): boolean {
  const excess = (b: number) => e['batch-norm'][b] - e['group-norm'][b];
  return excess(small) > excess(large);
}

/** "batch-norm b=2": "k/n (95% CI lo-hi)", one entry per cell, for the ledger. */
export function tableFigures(table: ErrorTable): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [norm, cells] of Object.entries(table))
    for (const b of Object.keys(cells))
      out[`${norm} heldOutError b=${b} (pooled images)`] = formatRate(rateOf(table, norm, Number(b)));
  return out;
}
