/**
 * The exact one-sided binomial test: is k successes out of n more than chance level p0 would give?
 * p-value = P[X >= k] for X ~ Binomial(n, p0), summed in log space (no overflow for large n).
 */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

export function binomialUpperTail(k: number, n: number, p0: number): number {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(k))
    throw new RangeError(`binomial test needs integer counts, got k=${k} n=${n}`);
  if (!(p0 > 0 && p0 < 1)) throw new RangeError(`chance level p0 must be in (0, 1), got ${p0}`);
  if (k <= 0) return 1;
  if (k > n) return 0;
  const logP = Math.log(p0);
  const logQ = Math.log(1 - p0);
  let logTerm = logChoose(n, k) + k * logP + (n - k) * logQ;
  let sum = 0;
  for (let i = k; i <= n; i++) {
    sum += Math.exp(logTerm);
    logTerm += Math.log((n - i) / (i + 1)) + logP - logQ;
  }
  return Math.min(1, sum);
}

export interface SignificanceAnswer {
  significant: boolean;
  pValue: number;
}

/** Accuracy `correct/n` against chance `p0` at level alpha (one-sided: better than chance). */
export function accuracyAboveChance(correct: number, n: number, p0: number, alpha = 0.05): SignificanceAnswer {
  const pValue = binomialUpperTail(correct, n, p0);
  return { significant: pValue <= alpha, pValue };
}

/** The least number of correct answers out of n that the test calls significant (n+1 if none). */
export function criticalCount(n: number, p0: number, alpha = 0.05): number {
  let k = n + 1;
  while (k > 0 && binomialUpperTail(k - 1, n, p0) <= alpha) k--;
  return k;
}

/**
 * The test-set size from which an accuracy of at least `accuracy` is always significant against p0:
 * the smallest N such that for every n in [N, maxN], ceil(accuracy * n) correct out of n is significant.
 * (Significance is not monotone in n for counts this small, so the last failing n decides.)
 */
export function significantFrom(accuracy: number, p0: number, alpha = 0.05, maxN = 2000): number | null {
  let lastFailure = 0;
  for (let n = 1; n <= maxN; n++) {
    if (!accuracyAboveChance(Math.ceil(accuracy * n - 1e-9), n, p0, alpha).significant) lastFailure = n;
  }
  return lastFailure === maxN ? null : lastFailure + 1;
}
