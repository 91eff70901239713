import type { NormLayerFactory } from '../models/resnet.js';
import type { NormSpec } from './spec.js';

/** A spec as the ResNet builder's normalization factory: the config's momentum and epsilon, the spec's model hyper-parameters. */
export function normLayerFactory(spec: NormSpec): NormLayerFactory {
  return (name, config, channels) => spec.build({ name, channels, epsilon: config.bnEpsilon, momentum: config.bnMomentum }, spec.modelParameters(channels));
}
