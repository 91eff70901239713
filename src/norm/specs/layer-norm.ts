import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { defineNormSpec } from '../spec.js';

/** tfjs's LayerNormalization over the channel axis (axis -1, the Keras default): one statistic per sample and position. */
export default defineNormSpec({
  id: 'layer-norm',
  title: 'LayerNormalization (tfjs, axis -1)',
  ranks: [2, 4],
  parameters: () => fc.constant({}),
  modelParameters: () => ({}),
  build: ({ name, epsilon }) => tf.layers.layerNormalization({ axis: -1, epsilon, name }),
  statistics: (_rank, channels) => ({ reducedAxes: [], channelsPerGroup: channels, centered: true }),
  trainingVsInference: 'equal',
  invariances: [{ shift: true, scale: true, modes: ['training', 'inference'] }],
  trainsAffine: true,
});
