import * as tf from '@tensorflow/tfjs';

/** Small per-layer summaries of a trained model: enough to localize a divergence, far smaller than weights. */
export interface ValueSummary {
  mean: number;
  std: number;
  min: number;
  max: number;
}

/** One asynchronous read per summary (goldens are also made on webgpu, which has no synchronous reads). */
async function summarize(t: tf.Tensor): Promise<ValueSummary> {
  const figures = tf.tidy(() => {
    const { mean, variance } = tf.moments(t);
    return tf.stack([mean, variance, t.min(), t.max()]);
  });
  const [mean, variance, min, max] = await figures.data();
  figures.dispose();
  return { mean, std: Math.sqrt(variance), min, max };
}

/** Per BN layer, in network order: summaries of its moving mean and moving variance. */
export async function batchNormSummaries(
  model: tf.LayersModel,
): Promise<{ layer: string; movingMean: ValueSummary; movingVariance: ValueSummary }[]> {
  const summaries = [];
  for (const l of model.layers.filter((layer) => layer.getClassName() === 'BatchNormalization')) {
    const byName = (suffix: string) => l.weights.find((w) => w.originalName.endsWith(suffix))!.read();
    summaries.push({
      layer: l.name,
      movingMean: await summarize(byName('moving_mean')),
      movingVariance: await summarize(byName('moving_variance')),
    });
  }
  return summaries;
}

/** Per layer, in network order: a summary of its inference-mode output on x. */
export async function activationSummaries(
  model: tf.LayersModel,
  x: tf.Tensor,
): Promise<{ layer: string; output: ValueSummary }[]> {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor) });
  const outputs = probe.predict(x) as tf.Tensor[];
  try {
    const summaries = [];
    for (const [i, l] of layers.entries()) summaries.push({ layer: l.name, output: await summarize(outputs[i]) });
    return summaries;
  } finally {
    tf.dispose(outputs);
  }
}
