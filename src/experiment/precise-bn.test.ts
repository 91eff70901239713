import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectClaimBackend } from '../backend/claim-backend.js';
import { seededValues } from '../stats/seeded-values.js';
import { recomputeBatchNormStatistics } from './precise-bn.js';

beforeAll(async () => {
  await selectClaimBackend();
});

/** Dense -> BN -> Dense -> BN: the second BN's input depends on the first BN's training-mode output. */
function twoBatchNorms(): tf.LayersModel {
  const input = tf.input({ shape: [3] });
  let h = tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }).apply(input);
  h = tf.layers.batchNormalization().apply(h);
  h = tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }).apply(h);
  return tf.model({ inputs: input, outputs: tf.layers.batchNormalization().apply(h) as tf.SymbolicTensor });
}

describe('PreciseBN', () => {
  it('with one batch of all the data, predict() afterwards equals the training-mode output (moving statistics were 0/1)', async () => {
    const model = twoBatchNorms();
    const x = tf.tensor2d(
      seededValues(8 * 3, 5).map((v) => 3 + 2 * v),
      [8, 3],
    );
    const before = tf.tidy(
      () =>
        tf
          .sub(model.predict(x) as tf.Tensor, model.apply(x, { training: true }) as tf.Tensor)
          .abs()
          .max()
          .dataSync()[0],
    );
    expect(before, 'the moving statistics start far from the batch ones').toBeGreaterThan(0.1);
    await recomputeBatchNormStatistics(model, x, 8);
    const tensors = tf.memory().numTensors;
    const trainingMode = tf.tidy(() => (model.apply(x, { training: true }) as tf.Tensor).dataSync());
    const predicted = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    for (let i = 0; i < predicted.length; i++) expect(predicted[i]).toBeCloseTo(trainingMode[i], 4);
    expect(tf.memory().numTensors).toBe(tensors);
    // In halves: each layer's statistics are the averages of the two halves' (fvcore's rule), not the full batch's.
    await recomputeBatchNormStatistics(model, x, 4);
    const halves = [x.slice(0, 4), x.slice(4, 4)];
    const mean0 = (await model.layers[2].getWeights()[2].data())[0];
    const firstLayerInput = tf.tidy(() =>
      halves.map((xb) => (model.layers[1].apply(xb) as tf.Tensor).mean(0).dataSync()[0]),
    );
    expect(mean0).toBeCloseTo((firstLayerInput[0] + firstLayerInput[1]) / 2, 5);
    tf.dispose([x, ...halves]);
    model.dispose();
  });
});
