import type { ClaimCheckResult } from '../claims/result.js';

/** One check's verdict on each kernel set, and whether they agree. */
export interface KernelComparisonRow {
  check: string;
  stock?: string;
  normprop?: string;
  same: boolean;
}

/**
 * The accelerator must change no verdict: the checks of two runs of the same files and seed, one on
 * stock tfjs and one on normprop's kernels, matched by claim and check. A check that ran on one set
 * only is a difference too (something crashed or was skipped there).
 */
export function compareKernelRuns(stock: ClaimCheckResult[], normprop: ClaimCheckResult[]): KernelComparisonRow[] {
  const key = (r: ClaimCheckResult) => `${r.claimId} / ${r.check}`;
  const [a, b] = [new Map(stock.map((r) => [key(r), r.verdict])), new Map(normprop.map((r) => [key(r), r.verdict]))];
  return [...new Set([...a.keys(), ...b.keys()])].sort().map((check) => ({
    check,
    stock: a.get(check),
    normprop: b.get(check),
    same: a.get(check) !== undefined && a.get(check) === b.get(check),
  }));
}
