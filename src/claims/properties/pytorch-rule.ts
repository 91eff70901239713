import { channelMoments } from '../../stats/channel-moments.js';
/**
 * PyTorch's documented BatchNorm running-statistics rule (torch.nn.BatchNorm2d), computed here in
 * float64 so the ledger can set tfjs beside it without PyTorch installed:
 *   x_new = (1 - momentum) * x + momentum * x_t,
 * with x_t the batch mean, and for the variance the unbiased batch variance (N - 1 in the divisor);
 * momentum = null is the cumulative moving average (a simple average of the batches' statistics).
 * Running statistics start at mean 0, variance 1, as in PyTorch and tfjs.
 */
export interface TorchRunning {
  mean: number[];
  variance: number[];
}

/**
 * The running statistics after each batch, by PyTorch's rule. `unbiasedVariance: false` is the same rule
 * fed the biased batch variance: the exact translation of a library that stores that one (tfjs, Keras 3).
 */
export function torchRunningStatistics(
  batches: ArrayLike<number>[],
  channels: number,
  momentum: number | null,
  unbiasedVariance = true,
): TorchRunning[] {
  let running: TorchRunning = { mean: Array(channels).fill(0), variance: Array(channels).fill(1) };
  const after: TorchRunning[] = [];
  batches.forEach((values, t) => {
    const batch = channelMoments(values, channels, unbiasedVariance);
    // momentum=None: the t-th batch gets weight 1/(t+1), which makes the running value the plain average.
    const w = momentum ?? 1 / (t + 1);
    running = {
      mean: running.mean.map((x, c) => (1 - w) * x + w * batch.mean[c]),
      variance: running.variance.map((x, c) => (1 - w) * x + w * batch.variance[c]),
    };
    after.push(running);
  });
  return after;
}

/** The translation between the two libraries' momentum arguments (PyTorch weighs the new batch, Keras the old value). */
export const torchMomentum = (kerasMomentum: number) => 1 - kerasMomentum;
