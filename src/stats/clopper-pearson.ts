import { binomialUpperTail } from './binomial.js';

/** A measured rate: k successes in n trials, with its exact two-sided 95% interval. */
export interface Rate {
  k: number;
  n: number;
  /** Clopper-Pearson: [lo, hi]; [0, 1] when n is 0 (nothing measured). */
  ci95: [number, number];
}

// P[X >= k] grows with p: bisection finds the p where it crosses a level (60 halvings: below 1e-15).
function solve(f: (p: number) => number, level: number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < level) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

const tail = (k: number, n: number) => (p: number) =>
  p <= 0 ? (k <= 0 ? 1 : 0) : p >= 1 ? (k <= n ? 1 : 0) : binomialUpperTail(k, n, p);

/**
 * The exact (Clopper-Pearson) interval for a binomial proportion, at confidence 1 - alpha:
 * lo solves P[X >= k | lo] = alpha/2, hi solves P[X <= k | hi] = alpha/2, i.e. P[X >= k+1 | hi] = 1 - alpha/2.
 * It never undercovers, which is what a rate from a dozen runs needs.
 */
export function clopperPearson(k: number, n: number, alpha = 0.05): [number, number] {
  if (!Number.isInteger(k) || !Number.isInteger(n) || n < 0 || k < 0 || k > n)
    throw new RangeError(`a rate needs integers 0 <= k <= n, got k=${k} n=${n}`);
  if (n === 0) return [0, 1];
  // At k = n and k = 0 the tails are single terms, p^n and (1-p)^n: closed forms, exact to the last bit.
  const lo = k === 0 ? 0 : k === n ? (alpha / 2) ** (1 / n) : solve(tail(k, n), alpha / 2);
  const hi = k === n ? 1 : k === 0 ? 1 - (alpha / 2) ** (1 / n) : solve(tail(k + 1, n), 1 - alpha / 2);
  return [lo, hi];
}

export function rate(k: number, n: number): Rate {
  return { k, n, ci95: clopperPearson(k, n) };
}

/** "7/12 (95% CI 0.28-0.85)": how the ledger and the page print a rate. */
export function formatRate(r: Rate): string {
  return `${r.k}/${r.n} (95% CI ${r.ci95[0].toFixed(2)}-${r.ci95[1].toFixed(2)})`;
}
