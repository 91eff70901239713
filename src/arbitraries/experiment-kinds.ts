import fc from 'fast-check';
import { modelShape, trainingShape } from './configs.js';
import { datasetCase } from './dataset-cases.js';

/**
 * Every kind of experiment the properties run, each a case of its own, for the reliability laws (the
 * same seed gives the same trace; no experiment leaves a tensor behind). Small: 1 stage, width <= 4, <= 36 px.
 */
export const reliabilityCase = datasetCase({
  model: modelShape({ maxStages: 1, maxWidth: 4 }).map((m) => ({ ...m, inputSize: Math.min(m.inputSize, 36) })),
  training: trainingShape({ epochs: [1, 3], miniBatches: true }),
});
export type ReliabilityCase = typeof reliabilityCase extends fc.Arbitrary<infer T> ? T : never;

export const experimentKind = fc.oneof(
  fc.record({
    kind: fc.constant('bn-layer' as const),
    updates: fc.integer({ min: 1, max: 4 }),
    channels: fc.integer({ min: 1, max: 3 }),
    seed: fc.nat(),
  }),
  fc.record({ kind: fc.constant('overfit' as const), c: reliabilityCase }),
  fc.record({ kind: fc.constant('seed-experiment' as const), c: reliabilityCase }),
  fc.record({ kind: fc.constant('frozen-updates' as const), c: reliabilityCase }),
  fc.record({ kind: fc.constant('summaries' as const), c: reliabilityCase }),
);
export type ExperimentKind = typeof experimentKind extends fc.Arbitrary<infer T> ? T : never;
