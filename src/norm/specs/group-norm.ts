import fc from 'fast-check';
import { GroupNormalization } from '../layers/group-normalization.js';
import { defineNormSpec, divisors, spatialAxes } from '../spec.js';

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** GroupNormalization (written here as a tfjs custom layer): per sample, over space and the channels of a group. */
export default defineNormSpec({
  id: 'group-norm',
  title: 'GroupNormalization (normprop custom layer)',
  ranks: [2, 4],
  parameters: (channels) => fc.constantFrom(...divisors(channels)).map((groups) => ({ groups })),
  // Keras' default is 32 groups; narrow ResNets take the largest count up to 32 that divides the channels.
  modelParameters: (channels) => ({ groups: gcd(channels, 32) }),
  build: ({ name, epsilon }, { groups }) => new GroupNormalization({ groups, epsilon, name }),
  statistics: (rank, channels, { groups }) => ({
    reducedAxes: spatialAxes(rank),
    channelsPerGroup: channels / groups,
    centered: true,
  }),
  trainingVsInference: 'equal',
  invariances: [{ shift: true, scale: true, modes: ['training', 'inference'] }],
  trainsAffine: true,
});
