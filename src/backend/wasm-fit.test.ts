import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildResNet, resnet50Config } from '../models/resnet.js';
import { batchNormFactory } from '../norm/model-factory.js';
import { selectBackend } from './select.js';

describe('training on the wasm backend', () => {
  it('model.fit() of a full ResNet50 runs a step on wasm and changes every conv kernel', async () => {
    await selectBackend('wasm');
    // The full depth and width of ResNet50 (all 53 convs, all kernel kinds); 64x64 keeps the step short.
    const model = buildResNet(resnet50Config({ inputShape: [64, 64, 1] }), batchNormFactory);
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['acc'] });
    const kernels = model.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => l.getWeights()[0]);
    const before = kernels.map((k) => k.dataSync().slice());
    const x = tf.randomUniform([3, 64, 64, 1], 0, 255, 'float32', 1);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2], 'int32'), 3);
    const history = await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 });
    expect(Number.isFinite(history.history.loss[0] as number)).toBe(true);
    const changed = kernels.filter((k, i) => k.dataSync().some((v, j) => v !== before[i][j]));
    expect(changed).toHaveLength(53);
    tf.dispose([x, y]);
    model.dispose();
  });
});
