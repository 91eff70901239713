import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select.js';
import { buildResNet, resnet50Config } from '../models/resnet.js';
import { batchNormFactory } from '../norm/model-factory.js';
import { evaluateInTrainingMode, nonFiniteWeights, trainAndRecord } from './training-run.js';
import { epochPermutations } from './shuffle.js';
import { argmaxRows, lossAndAccuracy } from './metrics.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const tiny = resnet50Config({ stages: [1], width: 4, inputShape: [33, 33, 1] });

describe('training runs', () => {
  it('per-epoch shuffles are seeded permutations', () => {
    const a = epochPermutations(5, 4, 1);
    expect(a).toEqual(epochPermutations(5, 4, 1));
    expect(a).not.toEqual(epochPermutations(5, 4, 2));
    for (const p of a) expect([...p].sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('the per-step weight check tells NaN from infinity, and a finite model whose sums overflow is not called diverged', async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2] })] });
    const [kernel] = model.weights;
    const set = (values: number[]) => tf.tidy(() => void kernel.write(tf.tensor2d(values, [2, 2])));
    expect(await nonFiniteWeights(model)).toBeUndefined();
    set([1, NaN, 2, 3]);
    expect(await nonFiniteWeights(model)).toBe('NaN');
    set([1, -Infinity, 2, 3]);
    expect(await nonFiniteWeights(model)).toBe('±Infinity');
    // 4 x 3e38 overflows float32 in the sum (the fast probe is NaN), yet every weight is finite.
    set([3e38, 3e38, 3e38, 3e38]);
    expect(await nonFiniteWeights(model)).toBeUndefined();
    model.dispose();
  });

  it('a training-mode evaluation leaves the moving statistics as they were, and records that tfjs moved them', async () => {
    const model = buildResNet(tiny, batchNormFactory);
    const x = tf.randomUniform([3, 33, 33, 1], 0, 255, 'float32', 3);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2], 'int32'), 3);
    const before = model.nonTrainableWeights.map((w) => w.read().dataSync().slice());
    const { mutated } = await evaluateInTrainingMode(model, x, y);
    expect(mutated).toBe(true);
    model.nonTrainableWeights.forEach((w, i) => expect(w.read().dataSync()).toEqual(before[i]));
    tf.dispose([x, y]);
    model.dispose();
  });

  it('records what fit, predict and evaluate report, seeded, with no tensor left behind', async () => {
    const { inputShape: _, classes: __, ...knobs } = tiny;
    const run = async () => {
      const tensorsBefore = tf.memory().numTensors;
      const x = tf.randomUniform([3, 33, 33, 1], 0, 255, 'float32', 5) as tf.Tensor4D;
      const record = await trainAndRecord(x, undefined, knobs, {
        epochs: 3,
        learningRate: 1e-3,
        batchSize: 32,
        shuffle: true,
        seed: 1,
      });
      expect(tf.memory().numTensors).toBe(tensorsBefore);
      return record;
    };
    const record = await run();
    expect(record.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    for (const row of record.predict) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    expect(record.predictedClasses).toEqual(argmaxRows(record.predict));
    const correct = record.predictedClasses.filter((c, i) => c === i).length;
    expect(record.evaluate.acc).toBeCloseTo(correct / 3, 6);
    const y = tf.oneHot(tf.tensor1d([0, 1, 2], 'int32'), 3);
    const fromPredict = await lossAndAccuracy(y, tf.tensor2d(record.predict));
    expect(record.evaluate.loss).toBeCloseTo(fromPredict.loss, 4);
    const again = await run();
    expect(again.predict).toEqual(record.predict);
    expect(again.epochs.map((e) => e.loss)).toEqual(record.epochs.map((e) => e.loss));
    y.dispose();
  });
});

describe('the training path reads tensors only asynchronously (the webgpu backend has no synchronous reads in Node)', () => {
  it('fit, predict, evaluate and the training-mode evaluation run with dataSync, arraySync and bufferSync forbidden', async () => {
    const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;
    const saved = ['dataSync', 'arraySync', 'bufferSync'].map((name) => [name, proto[name]] as const);
    const x = tf.randomUniform([3, 33, 33, 1], 0, 255, 'float32', 9) as tf.Tensor4D;
    const { inputShape: _, classes: __, ...knobs } = tiny;
    for (const [name] of saved) {
      proto[name] = function () {
        throw new Error(`synchronous read ${name}() in the training path`);
      };
    }
    try {
      const record = await trainAndRecord(x, undefined, knobs, {
        epochs: 2,
        learningRate: 1e-3,
        batchSize: 32,
        shuffle: true,
        seed: 3,
        traceTrainingMode: true,
      });
      expect(record.epochs).toHaveLength(2);
      expect(record.epochs[1].trainingModeBefore).toBeDefined();
    } finally {
      for (const [name, fn] of saved) proto[name] = fn;
    }
  });
});
