import type { ClaimCheckResult } from '../claims/result.js';
import { formatRate } from '../stats/clopper-pearson.js';

/** A number as a reader wants it: integers as they are, others to 4 significant digits without trailing zeros. */
export const num = (v: number): string =>
  Number.isInteger(v) || !Number.isFinite(v)
    ? String(v)
    : Math.abs(v) >= 1e-4 && Math.abs(v) < 1e6
      ? String(Number(v.toPrecision(4)))
      : Number(v.toPrecision(3)).toExponential().replace('e+', 'e');

/** Arrays this long or longer are summarized, not listed. */
const LIST_LIMIT = 6;

/**
 * A measured value in words: numbers rounded, short lists listed, long ones summarized (count, min,
 * max), objects as "key value" pairs. Never raw JSON at 17 digits.
 */
export function formatValue(v: unknown, depth = 0): string {
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '-';
  if (Array.isArray(v)) {
    if (v.length && v.every((x) => typeof x === 'number') && v.length >= LIST_LIMIT) {
      const xs = v as number[];
      return `${xs.length} values, ${num(Math.min(...xs))} to ${num(Math.max(...xs))}`;
    }
    if (v.length >= LIST_LIMIT || depth > 1) return `${v.length} entries`;
    return `[${v.map((x) => formatValue(x, depth + 1)).join(', ')}]`;
  }
  if (typeof v === 'object') {
    if (depth > 1) return `{${Object.keys(v).length} fields}`;
    return Object.entries(v)
      .map(([k, x]) => `${k} ${formatValue(x, depth + 1)}`)
      .join(', ');
  }
  return String(v);
}

/** A check's measured figures as labelled phrases ("cases: 12"), series left to the page's plots. */
export function measuredFigures(measured: Record<string, unknown> | undefined, seriesNote = true): string[] {
  if (!measured) return [];
  return Object.entries(measured).flatMap(([k, v]) => {
    if (k === 'series')
      return seriesNote ? [`series (${Object.keys(v as object).join(', ')}): plotted in index.html`] : [];
    return [`${k}: ${formatValue(v)}`];
  });
}

/**
 * What a check ran on and what it found beyond the verdict, as short plain-text phrases shared by
 * ledger.md and the page: the rate with its interval, the counterexample's witness, model and backend.
 */
export function checkFacts(c: ClaimCheckResult): string[] {
  return [
    c.rate ? `rate: ${formatRate(c.rate)}` : '',
    c.witness
      ? `witness: ${Object.entries(c.witness)
          .map(([k, v]) => `${k} ${num(v)}`)
          .join(', ')}`
      : '',
    c.model ? `model: ${c.model}` : '',
    c.backend ? `backend: ${c.backend}` : '',
    c.kernels ? `kernels: ${c.kernels.set}` : '',
    c.date ? `stored ${c.date}` : '',
  ].filter(Boolean);
}
