/**
 * The seed document's experiment: a ResNet overfits n images of n classes (one each); then the
 * answer's check, the same model and data with a small BN momentum for more epochs.
 * Records what happens; it asserts nothing.
 */
export interface SeedExperimentConfig {
  /** Blocks per stage and base width of the ResNet; [3,4,6,3] and 64 make ResNet50. */
  stages: number[];
  width: number;
  bnEpsilon: number;
  /** The question's run: 5 epochs with the default momentum 0.99. */
  epochs: number;
  momentum: number;
  /** The answer's run: 20 epochs with momentum 0.01. */
  fixEpochs: number;
  fixMomentum: number;
  learningRate: number;
  batchSize: number;
  shuffle: boolean;
  seed: number;
  /** The class of each image in batch order; absent: image i is class i, as in the seed. */
  labels?: number[];
}

export const SEED_EXPERIMENT_DEFAULTS: SeedExperimentConfig = {
  stages: [3, 4, 6, 3],
  width: 64,
  bnEpsilon: 1.001e-5,
  epochs: 5,
  momentum: 0.99,
  fixEpochs: 20,
  fixMomentum: 0.01,
  learningRate: 1e-3,
  batchSize: 32,
  shuffle: true,
  seed: 42,
};
