/**
 * Per-channel mean and variance of row-major [m, channels] values, in float64: the batch statistics a
 * BatchNormalization computes, as reference. `unbiased` divides the variance by m - 1 (PyTorch's
 * running variance, Keras 2's fused path), otherwise by m (tfjs, Keras 3).
 */
export function channelMoments(
  values: ArrayLike<number>,
  channels: number,
  unbiased = false,
): { mean: number[]; variance: number[] } {
  const m = values.length / channels;
  const mean = Array.from({ length: channels }, (_, c) => {
    let s = 0;
    for (let i = 0; i < m; i++) s += values[i * channels + c];
    return s / m;
  });
  const variance = mean.map((mu, c) => {
    let s = 0;
    for (let i = 0; i < m; i++) s += (values[i * channels + c] - mu) ** 2;
    return s / (unbiased ? m - 1 : m);
  });
  return { mean, variance };
}
