import { MovingStatsBatchNormalization } from '../layers/moving-stats-batch-normalization.js';
import { defineNormSpec } from '../spec.js';
import batchNorm from './batch-norm.js';

/**
 * BatchNormalization with Keras 2's zero-debiased moving averages (keras-team/keras PR 9003, in standalone
 * Keras 2.1.3-2.2.x on TensorFlow): an accumulator from 0 divided by 1 - m^t, so after the first update the
 * initial 0/1 play no role. Training mode is tfjs's BatchNormalization. One of the two interventions of claim
 * C15: it takes the initial values out of the moving statistics and keeps everything else.
 * (That Keras also stored the unbiased batch variance, PR 9028; this spec keeps tfjs's biased one, so that
 * only the initial values change.)
 */
export default defineNormSpec({
  ...batchNorm,
  id: 'batch-norm-debiased',
  title: 'BatchNormalization, debiased moving averages (Keras 2.1.3+ on TensorFlow)',
  build: ({ name, momentum, epsilon }) =>
    new MovingStatsBatchNormalization({ update: 'debiased', momentum, epsilon, name }),
  runningStatistics: {
    ...batchNorm.runningStatistics!,
    update: 'debiased',
    auxiliaryWeights: MovingStatsBatchNormalization.auxiliaryWeights('debiased'),
  },
  notes: ['Used by claim C15: the seed case with the initial values taken out of the moving averages.'],
});
