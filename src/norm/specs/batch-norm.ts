import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { allButChannelAxis, defineNormSpec } from '../spec.js';

/** tfjs's own BatchNormalization, the layer of the seed case. */
export default defineNormSpec({
  id: 'batch-norm',
  title: 'BatchNormalization (tfjs)',
  ranks: [2, 4],
  parameters: () => fc.constant({}),
  modelParameters: () => ({}),
  build: ({ name, momentum, epsilon }) => tf.layers.batchNormalization({ axis: -1, momentum, epsilon, name }),
  statistics: (rank) => ({ reducedAxes: allButChannelAxis(rank), channelsPerGroup: 1, centered: true }),
  runningStatistics: {
    meanWeight: 'moving_mean',
    varianceWeight: 'moving_variance',
    initialMean: 0,
    initialVariance: 1,
    batchVariance: 'biased',
  },
  trainingVsInference: 'converges',
  invariances: [{ shift: true, scale: true, modes: ['training'] }],
  trainsAffine: true,
  notes: [
    'Training mode normalizes with the batch statistics and moves the moving ones; inference uses the moving ones.',
  ],
});
