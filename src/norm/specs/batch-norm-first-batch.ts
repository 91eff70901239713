import { MovingStatsBatchNormalization } from '../layers/moving-stats-batch-normalization.js';
import { defineNormSpec } from '../spec.js';
import batchNorm from './batch-norm.js';

/**
 * BatchNormalization whose first update sets the moving statistics to the batch's, later ones average
 * as usual (m * moving + (1-m) * batch). Training mode is tfjs's BatchNormalization. The second intervention
 * of claim C15: the initial values 0/1 are gone after one update, with a different weighting of the batches
 * than the debiased average.
 */
export default defineNormSpec({
  ...batchNorm,
  id: 'batch-norm-first-batch',
  title: 'BatchNormalization, moving statistics set from the first batch',
  build: ({ name, momentum, epsilon }) =>
    new MovingStatsBatchNormalization({ update: 'first-batch', momentum, epsilon, name }),
  runningStatistics: {
    ...batchNorm.runningStatistics!,
    update: 'first-batch',
    auxiliaryWeights: MovingStatsBatchNormalization.auxiliaryWeights('first-batch'),
  },
  notes: ['Used by claim C15: the seed case with the moving statistics starting from the first batch instead of 0/1.'],
});
