import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { allButChannelAxis, defineNormSpec } from '../spec.js';

/**
 * BatchNormalization with trainable=false, the "frozen BN" of fine-tuning. tfjs only stops training
 * gamma and beta: the layer still normalizes with batch statistics in training mode and still moves
 * its moving statistics. Keras 3 (and tf.keras since TF 2.0) runs a frozen BN in inference mode
 * instead: moving statistics, no updates. A model ported from Keras behaves differently here.
 */
export default defineNormSpec({
  id: 'batch-norm-frozen',
  title: 'BatchNormalization, trainable=false (tfjs)',
  ranks: [2, 4],
  parameters: () => fc.constant({}),
  modelParameters: () => ({}),
  build: ({ name, momentum, epsilon }) => tf.layers.batchNormalization({ axis: -1, momentum, epsilon, name, trainable: false }),
  statistics: (rank) => ({ reducedAxes: allButChannelAxis(rank), channelsPerGroup: 1, centered: true }),
  runningStatistics: { meanWeight: 'moving_mean', varianceWeight: 'moving_variance', initialMean: 0, initialVariance: 1, batchVariance: 'biased' },
  trainingVsInference: 'converges',
  invariances: [{ shift: true, scale: true, modes: ['training'] }],
  trainsAffine: false,
  notes: [
    'tfjs ignores trainable=false for the mode: training mode still uses batch statistics and updates the moving ones.',
    'Keras 3 switches a frozen BatchNormalization to inference mode (moving statistics, no updates).',
  ],
});
