import type { ClaimCheckResult } from '../claims/result.js';
import { formatRate } from '../stats/clopper-pearson.js';

const num = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(4));

/**
 * What a check ran on and what it found beyond the verdict, as short plain-text phrases shared by
 * ledger.md and the page: the rate with its interval, the counterexample's witness, model and backend.
 */
export function checkFacts(c: ClaimCheckResult): string[] {
  return [
    c.rate ? `rate: ${formatRate(c.rate)}` : '',
    c.witness ? `witness: ${Object.entries(c.witness).map(([k, v]) => `${k} ${num(v)}`).join(', ')}` : '',
    c.model ? `model: ${c.model}` : '',
    c.backend ? `backend: ${c.backend}` : '',
  ].filter(Boolean);
}
