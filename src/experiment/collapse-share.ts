import { formatRate, type Rate } from '../stats/clopper-pearson.js';

const pct = (x: number) => `${Math.round(100 * x)}%`;

/**
 * C15's row in words: how much of the collapse the initial values explain (the share of wrong runs that
 * debiasing fixes on the same weights) and how much is left to the lag (the share it does not fix: the
 * moving averages average batch statistics of earlier weights). The first-batch start is beside it.
 */
export function explainCollapse(debiased: Rate, firstBatch: Rate): string {
  if (debiased.n === 0) return 'no fitted run had a wrong predict(): nothing to explain';
  const [lo, hi] = debiased.ci95;
  return (
    `Taking the initial values out (debiased moving averages, same weights) fixes predict() in ${formatRate(debiased)} of the fitted runs tfjs got wrong: ` +
    `the initial values explain about ${pct(debiased.k / debiased.n)} (${pct(lo)}-${pct(hi)}) of the collapse, ` +
    `the lag the other ${pct(1 - debiased.k / debiased.n)} (${pct(1 - hi)}-${pct(1 - lo)}): moving averages of batch statistics of earlier weights. ` +
    `Starting them from the first batch's statistics fixes ${formatRate(firstBatch)}.`
  );
}
