import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { defineNormSpec, spatialAxes } from '../spec.js';

/**
 * tfjs's LayerNormalization over [H, W, C] (axis [-3, -2, -1]): one statistic per sample, and gamma
 * and beta with one value per position and channel, so they span three axes (affineAxes: 3).
 */
export default defineNormSpec({
  id: 'layer-norm-hwc',
  title: 'LayerNormalization (tfjs, axis [-3, -2, -1])',
  ranks: [4],
  parameters: () => fc.constant({}),
  modelParameters: () => ({}),
  build: ({ name, epsilon }) => tf.layers.layerNormalization({ axis: [-3, -2, -1], epsilon, name }),
  statistics: (rank, channels) => ({ reducedAxes: spatialAxes(rank), channelsPerGroup: channels, centered: true }),
  trainingVsInference: 'equal',
  invariances: [{ shift: true, scale: true, modes: ['training', 'inference'] }],
  trainsAffine: true,
  affineAxes: 3,
});
