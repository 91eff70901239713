import * as tf from '@tensorflow/tfjs';
import { seededValues } from '../stats/seeded-values.js';

/**
 * keras issue 9214 / PR 9965 in miniature: a "pretrained" BatchNormalization base whose moving statistics
 * describe its pretraining data (mean 0, variance 1), frozen the transfer-learning guide's way
 * (base.trainable = false, called with {training: false}) under a new Dense head, trained with fit() on
 * new data whose statistics differ (mean `shift`, scale `scale`). fit()'s accuracy is computed in training
 * mode on tfjs (batch statistics); evaluate() on the same data uses the moving ones. Records, asserts nothing.
 */
export interface FrozenBaseConfig {
  samples: number;
  features: number;
  batchSize: number;
  epochs: number;
  shift: number;
  scale: number;
  seed: number;
}

export interface FrozenBaseOutcome {
  /** fit()'s accuracy over its last epoch (what the progress bar shows). */
  fitAccuracy: number;
  /** evaluate()'s accuracy on the same samples, after fit(). */
  evaluateAccuracy: number;
  samples: number;
  /** The base's moving mean of feature 0 after fit(): how far it moved from 0 towards `shift`. */
  movingMean: number;
}

/** Two balanced classes: feature 0 is shift + scale * (+-1 + noise), the others shift + scale * noise. */
function newData(c: FrozenBaseConfig): { x: Float32Array; y: Float32Array } {
  const noise = seededValues(c.samples * c.features, c.seed);
  const y = Float32Array.from({ length: c.samples }, (_, i) => i % 2);
  const x = noise.map((v, j) => {
    const i = Math.floor(j / c.features);
    const signal = j % c.features === 0 ? 2 * y[i] - 1 : 0;
    return c.shift + c.scale * (signal + 0.5 * v);
  });
  return { x, y };
}

export async function frozenBaseGap(c: FrozenBaseConfig): Promise<FrozenBaseOutcome> {
  const baseInput = tf.input({ shape: [c.features] });
  const bn = tf.layers.batchNormalization();
  const base = tf.model({ inputs: baseInput, outputs: bn.apply(baseInput) as tf.SymbolicTensor });
  base.trainable = false;
  const input = tf.input({ shape: [c.features] });
  const features = base.apply(input, { training: false }) as tf.SymbolicTensor;
  const head = tf.layers.dense({
    units: 1,
    activation: 'sigmoid',
    kernelInitializer: tf.initializers.glorotUniform({ seed: c.seed }),
  });
  const model = tf.model({ inputs: input, outputs: head.apply(features) as tf.SymbolicTensor });
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  const data = newData(c);
  const x = tf.tensor2d(data.x, [c.samples, c.features]);
  const y = tf.tensor2d(data.y, [c.samples, 1]);
  try {
    const history = await model.fit(x, y, { epochs: c.epochs, batchSize: c.batchSize, verbose: 0 });
    const accuracies = (history.history.acc ?? history.history.accuracy) as number[];
    const evaluated = model.evaluate(x, y, { batchSize: c.batchSize }) as tf.Scalar[];
    const evaluateAccuracy = (await evaluated[1].data())[0];
    tf.dispose(evaluated);
    return {
      fitAccuracy: accuracies[accuracies.length - 1],
      evaluateAccuracy,
      samples: c.samples,
      movingMean: (await bn.getWeights()[2].data())[0],
    };
  } finally {
    tf.dispose([x, y]);
    model.optimizer.dispose();
    model.dispose();
  }
}
