import fc from 'fast-check';
import { InstanceNormalization } from '../layers/group-normalization.js';
import { defineNormSpec, spatialAxes } from '../spec.js';

/** InstanceNormalization (a tfjs custom layer here): per sample and channel, over the spatial positions. */
export default defineNormSpec({
  id: 'instance-norm',
  title: 'InstanceNormalization (normprop custom layer)',
  ranks: [4],
  parameters: () => fc.constant({}),
  modelParameters: () => ({}),
  build: ({ name, epsilon }) => new InstanceNormalization({ epsilon, name }),
  statistics: (rank) => ({ reducedAxes: spatialAxes(rank), channelsPerGroup: 1, centered: true }),
  trainingVsInference: 'equal',
  invariances: [{ shift: true, scale: true, modes: ['training', 'inference'] }],
  trainsAffine: true,
});
