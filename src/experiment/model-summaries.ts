import * as tf from '@tensorflow/tfjs';

/** Small per-layer summaries of a trained model: enough to localize a divergence, far smaller than weights. */
export interface ValueSummary {
  mean: number;
  std: number;
  min: number;
  max: number;
}

function summarize(t: tf.Tensor): ValueSummary {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(t);
    return { mean: mean.dataSync()[0], std: Math.sqrt(variance.dataSync()[0]), min: t.min().dataSync()[0], max: t.max().dataSync()[0] };
  });
}

/** Per BN layer, in network order: summaries of its moving mean and moving variance. */
export function batchNormSummaries(model: tf.LayersModel): { layer: string; movingMean: ValueSummary; movingVariance: ValueSummary }[] {
  return model.layers
    .filter((l) => l.getClassName() === 'BatchNormalization')
    .map((l) => {
      const byName = (suffix: string) => l.weights.find((w) => w.originalName.endsWith(suffix))!.read();
      return { layer: l.name, movingMean: summarize(byName('moving_mean')), movingVariance: summarize(byName('moving_variance')) };
    });
}

/** Per layer, in network order: a summary of its inference-mode output on x. */
export function activationSummaries(model: tf.LayersModel, x: tf.Tensor): { layer: string; output: ValueSummary }[] {
  const layers = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  const probe = tf.model({ inputs: model.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor) });
  const outputs = probe.predict(x) as tf.Tensor[];
  const summaries = layers.map((l, i) => ({ layer: l.name, output: summarize(outputs[i]) }));
  tf.dispose(outputs);
  return summaries;
}
