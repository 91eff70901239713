import fc from 'fast-check';
import type { ModelShape, TrainingShape } from './configs.js';
import { datasetRecipes, type ImageRecipe } from './images.js';

/**
 * A training experiment's case: three generated images (one per class, as in the seed), the model's
 * and the training's shapes where the experiment varies them, and the seed of its weights and shuffles.
 */
export interface CaseShapes {
  model?: fc.Arbitrary<ModelShape>;
  training?: fc.Arbitrary<TrainingShape>;
}

export type DatasetCase<S extends CaseShapes> = { recipes: ImageRecipe[]; seed: number } & {
  [K in keyof S]: S[K] extends fc.Arbitrary<infer V> ? V : never;
};

export function datasetCase<S extends CaseShapes>(shapes: S): fc.Arbitrary<DatasetCase<S>> {
  // Keys in this order, absent ones left out: the order and set of a record's keys decide what a seed generates.
  return fc.record({
    recipes: datasetRecipes(3),
    ...(shapes.model ? { model: shapes.model } : {}),
    ...(shapes.training ? { training: shapes.training } : {}),
    seed: fc.nat(10_000),
  }) as unknown as fc.Arbitrary<DatasetCase<S>>;
}

/**
 * What a case with model and training shapes asks of an overfit run: the ResNet's knobs and the fit
 * schedule (shuffled), both seeded by the case.
 */
export function overfitSettings(c: { model: ModelShape; training: TrainingShape; seed: number }) {
  return {
    model: {
      stages: c.model.stages,
      width: c.model.width,
      normMomentum: c.training.momentum,
      normEpsilon: c.training.epsilon,
      seed: c.seed,
    },
    training: {
      epochs: c.training.epochs,
      learningRate: c.training.learningRate,
      batchSize: c.training.batchSize,
      shuffle: true,
      seed: c.seed,
    },
  };
}
