import type { NormLayerFactory } from '../models/resnet.js';
import type { NormSpec } from './spec.js';
import batchNorm from './specs/batch-norm.js';

/**
 * The one way a ResNet gets its normalization layers: a spec as the builder's factory, with the
 * config's momentum and epsilon (or, with layerDefaults, the layer's own) and the spec's model
 * hyper-parameters for each layer's channels.
 */
export function normLayerFactory(spec: NormSpec, options: { layerDefaults?: boolean } = {}): NormLayerFactory {
  return (name, config, channels) =>
    spec.build(
      options.layerDefaults
        ? { name, channels }
        : { name, channels, epsilon: config.normEpsilon, momentum: config.normMomentum },
      spec.modelParameters(channels),
    );
}

/** tfjs's BatchNormalization with the config's momentum and epsilon: the seed case's layer, and every experiment's unless it names another. */
export const batchNormFactory: NormLayerFactory = normLayerFactory(batchNorm);
