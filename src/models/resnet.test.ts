import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select.js';
import { buildResNet, resnet50Config, type ResNetConfig } from './resnet.js';
import { batchNormFactory } from '../norm/model-factory.js';

function layersOf<T>(model: tf.LayersModel, className: string): T[] {
  return model.layers.filter((l) => l.getClassName() === className) as unknown as T[];
}

describe('ResNet50 as keras.applications builds it', () => {
  let model: tf.LayersModel;
  beforeAll(async () => {
    await selectBackend('wasm');
    model = buildResNet(resnet50Config(), batchNormFactory);
  });
  afterAll(() => model.dispose());

  it('has 23,587,587 parameters for input (197,197,1) and 3 classes (the Keras count)', () => {
    expect(model.countParams()).toBe(23_587_587);
  });

  it('the seed-era topology (keras-2.1): no pool1_pad, and 197 px is exactly what leaves a 7x7 map for AveragePooling(7); same parameter count', () => {
    const era = buildResNet(resnet50Config({ topology: 'keras-2.1', normEpsilon: 1e-3 }), batchNormFactory);
    try {
      expect(era.countParams()).toBe(23_587_587);
      expect(era.layers.map((l) => l.name)).not.toContain('pool1_pad');
      expect(model.layers.map((l) => l.name)).toContain('pool1_pad');
      const pool = era.getLayer('avg_pool');
      expect(pool.getClassName()).toBe('AveragePooling2D');
      expect((pool.input as tf.SymbolicTensor).shape.slice(1, 3)).toEqual([7, 7]);
      expect((era.getLayer('flatten_1').output as tf.SymbolicTensor).shape).toEqual([null, 2048]);
    } finally {
      era.dispose();
    }
  });

  it('has 53 convolutions with bias and glorot-uniform kernels, and 53 BN layers with epsilon 1.001e-5 and momentum 0.99', () => {
    const convs = layersOf<tf.layers.Layer & { useBias: boolean; kernel: tf.LayerVariable; bias: tf.LayerVariable }>(
      model,
      'Conv2D',
    );
    const bns = layersOf<tf.layers.Layer & { epsilon: number; momentum: number }>(model, 'BatchNormalization');
    expect(convs).toHaveLength(53);
    expect(bns).toHaveLength(53);
    for (const bn of bns) {
      expect(bn.epsilon).toBeCloseTo(1.001e-5, 12);
      expect(bn.momentum).toBe(0.99);
    }
    for (const conv of convs) {
      expect(conv.useBias).toBe(true);
      const [kh, kw, cin, cout] = conv.kernel.shape as number[];
      const limit = Math.sqrt(6 / (kh * kw * cin + kh * kw * cout));
      const values = Array.from(conv.kernel.read().dataSync());
      const maxAbs = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      // Uniform on [-limit, limit]: bounded by the limit and (for thousands of values) reaching near it.
      expect(maxAbs).toBeLessThanOrEqual(limit);
      if (values.length > 1000) expect(maxAbs).toBeGreaterThan(0.95 * limit);
      expect(
        conv.bias
          .read()
          .dataSync()
          .every((b) => b === 0),
      ).toBe(true);
    }
  });

  it('puts the stride on the first 1x1 conv of each stage and a conv+BN shortcut in its first block', () => {
    const strideOf = (name: string) => (model.getLayer(name) as unknown as { strides: number[] }).strides;
    expect(strideOf('conv1_conv')).toEqual([2, 2]);
    expect(strideOf('conv2_block1_1_conv')).toEqual([1, 1]);
    for (const stage of [3, 4, 5]) {
      expect(strideOf(`conv${stage}_block1_1_conv`)).toEqual([2, 2]);
      expect(strideOf(`conv${stage}_block1_2_conv`)).toEqual([1, 1]);
      expect(strideOf(`conv${stage}_block1_0_conv`)).toEqual([2, 2]);
    }
    expect(() => model.getLayer('conv2_block2_0_conv')).toThrow();
    // 197 -> pad 3 -> 203 -> 7x7/2 -> 99 -> pad 1 -> 101 -> 3x3/2 pool -> 50 -> 25 -> 13 -> 7
    expect(model.getLayer('pool1_pool').outputShape).toEqual([null, 50, 50, 64]);
    expect(model.getLayer('conv4_block1_out').outputShape).toEqual([null, 13, 13, 1024]);
    expect(model.getLayer('conv5_block3_out').outputShape).toEqual([null, 7, 7, 2048]);
    expect(model.outputs[0].shape).toEqual([null, 3]);
  });
});

describe('the scalable ResNet family', () => {
  beforeAll(async () => {
    await selectBackend('wasm');
  });

  // Counts weights from the block structure, independently of tfjs' own count.
  function expectedParams(c: ResNetConfig): number {
    const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + cout;
    const bn = (ch: number) => 4 * ch;
    let total = conv(7, c.inputShape[2], c.width) + bn(c.width);
    let channels = c.width;
    c.stages.forEach((blocks, s) => {
      const f = c.width * 2 ** s;
      for (let b = 0; b < blocks; b++) {
        if (b === 0) total += conv(1, channels, 4 * f) + bn(4 * f);
        total += conv(1, channels, f) + bn(f) + conv(3, f, f) + bn(f) + conv(1, f, 4 * f) + bn(4 * f);
        channels = 4 * f;
      }
    });
    return total + channels * c.classes + c.classes;
  }

  it('matches the block-structure parameter count for several depths and widths (ResNet50 included)', () => {
    const configs = [
      resnet50Config(),
      resnet50Config({ stages: [1], width: 4, inputShape: [32, 32, 1] }),
      resnet50Config({ stages: [2, 1], width: 8, inputShape: [40, 40, 3], classes: 5 }),
      resnet50Config({ stages: [1, 1, 1], width: 2, inputShape: [33, 33, 1], classes: 2 }),
    ];
    for (const config of configs) {
      const model = buildResNet(config, batchNormFactory);
      expect(model.countParams()).toBe(expectedParams(config));
      model.dispose();
    }
  });

  it('sets the BN momentum and epsilon on every BN layer', () => {
    const model = buildResNet(
      resnet50Config({ stages: [2, 1], width: 4, inputShape: [32, 32, 1], normMomentum: 0.01, normEpsilon: 1e-3 }),
      batchNormFactory,
    );
    const bns = model.layers.filter((l) => l.getClassName() === 'BatchNormalization') as unknown as {
      momentum: number;
      epsilon: number;
    }[];
    expect(bns).toHaveLength(1 + 4 + 3 + 1 + 3);
    for (const bn of bns) expect([bn.momentum, bn.epsilon]).toEqual([0.01, 1e-3]);
    model.dispose();
  });

  it('builds the same weights from the same seed and different ones from another', () => {
    const config = resnet50Config({ stages: [1], width: 4, inputShape: [32, 32, 1] });
    const weights = (seed: number) => {
      const model = buildResNet({ ...config, seed }, batchNormFactory);
      const values = model.getWeights().map((w) => Array.from(w.dataSync()));
      model.dispose();
      return values;
    };
    expect(weights(7)).toEqual(weights(7));
    expect(weights(7)).not.toEqual(weights(8));
  });

  it('refuses configurations it cannot build, naming the field', () => {
    expect(() => buildResNet(resnet50Config({ inputShape: [16, 16, 1] }), batchNormFactory)).toThrow(
      /input size 16x16 is below 33/,
    );
    expect(() => buildResNet(resnet50Config({ normMomentum: 1.5 }), batchNormFactory)).toThrow(/normMomentum 1.5/);
    expect(() => buildResNet(resnet50Config({ stages: [] }), batchNormFactory)).toThrow(/stages/);
    expect(() => buildResNet(resnet50Config({ classes: 1 }), batchNormFactory)).toThrow(/classes 1/);
  });
});
