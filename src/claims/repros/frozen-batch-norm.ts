import * as tf from '@tensorflow/tfjs';

/*
 * Minimal tfjs reproductions of where tfjs 4.22 departs from what Keras documents for a frozen
 * BatchNormalization, for a tfjs bug report: each function is pasteable on its own (it needs only
 * `import * as tf from '@tensorflow/tfjs'`) and returns what it observed. Keras 3 / tf.keras 2.x leave
 * movingMean at [0] and report fitLoss === evaluateLoss in all three. Kept runnable by
 * frozen-batch-norm.test.ts, which asserts what tfjs does today.
 */

export interface FrozenBnObservation {
  movingMean: number[];
  fitLoss: number;
  evaluateLoss: number;
}

/** Trains a model whose BatchNormalization `bn` was frozen one way; reports what fit() did to it. */
async function observe(model: tf.LayersModel, bn: tf.layers.Layer): Promise<FrozenBnObservation> {
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const x = tf.tensor2d([[1], [3]]); // batch mean 2, batch variance 1
  const y = tf.tensor2d([[0], [1]]);
  const evaluateLoss = (model.evaluate(x, y) as tf.Scalar).dataSync()[0];
  const history = await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 });
  const movingMean = Array.from(bn.getWeights()[2].dataSync()); // [gamma, beta, movingMean, movingVariance]
  return { movingMean, fitLoss: history.history.loss[0] as number, evaluateLoss };
}

/** Keras docstring: trainable = false means inference mode and no state updates. */
export async function trainableFalseRepro(): Promise<FrozenBnObservation> {
  const bn = tf.layers.batchNormalization({ trainable: false });
  const model = tf.sequential({
    layers: [tf.layers.inputLayer({ inputShape: [1] }), bn, tf.layers.dense({ units: 1, kernelInitializer: 'ones' })],
  });
  return observe(model, bn);
}

/** keras issue 4762: BatchNormalization()(x, training=False) always runs in inference mode. */
export async function layerCalledTrainingFalseRepro(): Promise<FrozenBnObservation> {
  const input = tf.input({ shape: [1] });
  const bn = tf.layers.batchNormalization();
  const features = bn.apply(input, { training: false }) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 1, kernelInitializer: 'ones' }).apply(features) as tf.SymbolicTensor;
  return observe(tf.model({ inputs: input, outputs: output }), bn);
}

/** Keras transfer-learning guide: a frozen base called with training=False stays in inference mode. */
export async function baseCalledTrainingFalseRepro(): Promise<FrozenBnObservation> {
  const baseInput = tf.input({ shape: [1] });
  const bn = tf.layers.batchNormalization();
  const base = tf.model({ inputs: baseInput, outputs: bn.apply(baseInput) as tf.SymbolicTensor });
  base.trainable = false;
  const input = tf.input({ shape: [1] });
  const features = base.apply(input, { training: false }) as tf.SymbolicTensor;
  const output = tf.layers.dense({ units: 1, kernelInitializer: 'ones' }).apply(features) as tf.SymbolicTensor;
  return observe(tf.model({ inputs: input, outputs: output }), bn);
}
