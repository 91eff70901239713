// The C15 interventions on a trained model. A BatchNormalization right after the input sees the same
// batch statistics at every update, so after k updates tfjs holds (1-m^k) mu and m^k + (1-m^k) v:
// debiasing must give back mu and v, which are also the population statistics, so both interventions'
// predict() must equal the training-mode output on that batch; and the model's statistics come back unchanged.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select.js';
import { debiasedPredict, populationPredict } from './moving-stats-intervention.js';

beforeAll(async () => {
  await selectBackend('cpu');
});

describe('moving-statistics interventions on a trained model', () => {
  it('debiased and population statistics both reproduce the training-mode output, and the stored statistics are restored bit for bit', async () => {
    const momentum = 0.9;
    const updates = 4;
    const input = tf.input({ shape: [3] });
    const normed = tf.layers.batchNormalization({ momentum }).apply(input) as tf.SymbolicTensor;
    const output = tf.layers.dense({ units: 2, activation: 'softmax' }).apply(normed) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: output });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'categoricalCrossentropy' });
    const x = tf.tensor2d([
      [1, 20, -3],
      [2, 24, 5],
      [7, 21, 1],
      [4, 30, -2],
    ]);
    const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2);
    await model.fit(x, y, { epochs: updates, batchSize: 4, shuffle: false, verbose: 0 });
    const storedBefore = model.getWeights().map((w) => Array.from(w.dataSync()));
    const inference = (await (model.apply(x, { training: false }) as tf.Tensor).array()) as number[][];
    const trainingMode = (await tf.tidy(() => model.apply(x, { training: true }) as tf.Tensor).array()) as number[][];
    // That training-mode call moved tfjs's statistics (C08): put them back for the comparison.
    model.setWeights(storedBefore.map((v, i) => tf.tensor(v, model.getWeights()[i].shape)));
    const debiased = await debiasedPredict(model, x, updates);
    const population = await populationPredict(model, x);
    for (const rows of [debiased, population])
      rows.forEach((row, i) => row.forEach((p, j) => expect(p).toBeCloseTo(trainingMode[i][j], 5)));
    // Not trivially so: predict() with tfjs's own statistics differs from the training-mode output.
    expect(Math.max(...inference.flat().map((p, i) => Math.abs(p - trainingMode.flat()[i])))).toBeGreaterThan(1e-3);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(storedBefore);
    expect((model.layers[1] as unknown as { momentum: number }).momentum).toBe(momentum);
    tf.dispose([x, y]);
  });
});
