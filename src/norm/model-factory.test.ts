import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select.js';
import { buildResNet, resnet50Config } from '../models/resnet.js';
import { GroupNormalization } from './layers/group-normalization.js';
import { normLayerFactory } from './model-factory.js';
import { loadNormSpecs } from './registry.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const specs = await loadNormSpecs();

describe('a ResNet built with each normalization spec', () => {
  it.each(specs.map((s) => [s.id, s] as const))(
    '%s replaces every BatchNormalization and the model runs',
    async (_id, spec) => {
      const model = buildResNet(
        { ...resnet50Config({ inputShape: [33, 33, 1], stages: [1], width: 4 }) },
        normLayerFactory(spec),
      );
      try {
        const norms = model.layers.filter((l) => l.name.endsWith('_bn'));
        expect(norms).toHaveLength(5);
        const className = norms[0].getClassName();
        expect(norms.every((l) => l.getClassName() === className)).toBe(true);
        expect(className).toBe(
          spec.build({ channels: 4, epsilon: 1e-3, momentum: 0.99 }, spec.modelParameters(4)).getClassName(),
        );
        const out = tf.tidy(() => model.predict(tf.ones([2, 33, 33, 1])) as tf.Tensor);
        expect(out.shape).toEqual([2, 3]);
        expect(Array.from(await out.data()).every(Number.isFinite)).toBe(true);
        out.dispose();
      } finally {
        model.dispose();
      }
    },
  );

  it("GroupNorm in ResNet50 takes Keras' 32 groups on every layer (its channels are multiples of 64)", async () => {
    const spec = specs.find((s) => s.id === 'group-norm')!;
    const model = buildResNet(resnet50Config(), normLayerFactory(spec));
    try {
      const groups = model.layers
        .filter((l): l is GroupNormalization => l instanceof GroupNormalization)
        .map((l) => l.groups);
      expect(groups).toHaveLength(53);
      expect(new Set(groups)).toEqual(new Set([32]));
    } finally {
      model.dispose();
    }
  });
});

describe('GroupNormalization', () => {
  it('refuses channels that do not split into its groups, naming the layer', () => {
    const layer = new GroupNormalization({ groups: 4, name: 'gn_test' });
    expect(() => layer.build([null, 6])).toThrow('gn_test: 6 channels cannot be split into 4 equal groups');
    expect(() => new GroupNormalization({ groups: 0, name: 'gn_zero' })).toThrow(
      'gn_zero: groups 0 must be a positive integer or -1',
    );
  });
});
