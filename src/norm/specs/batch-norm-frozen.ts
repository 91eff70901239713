import * as tf from '@tensorflow/tfjs';
import { defineNormSpec } from '../spec.js';
import batchNorm from './batch-norm.js';

/**
 * BatchNormalization with trainable=false, the "frozen BN" of fine-tuning. tfjs only stops training
 * gamma and beta: the layer still normalizes with batch statistics in training mode and still moves
 * its moving statistics, so every law of batch-norm applies unchanged. Keras 3 (and tf.keras since
 * TF 2.0) runs a frozen BN in inference mode instead: moving statistics, no updates. A model ported
 * from Keras behaves differently here.
 */
export default defineNormSpec({
  ...batchNorm,
  id: 'batch-norm-frozen',
  title: 'BatchNormalization, trainable=false (tfjs)',
  build: ({ name, momentum, epsilon }) =>
    tf.layers.batchNormalization({ axis: -1, momentum, epsilon, name, trainable: false }),
  trainsAffine: false,
  notes: [
    'tfjs ignores trainable=false for the mode: training mode still uses batch statistics and updates the moving ones.',
    'Keras 3 switches a frozen BatchNormalization to inference mode (moving statistics, no updates).',
  ],
});
