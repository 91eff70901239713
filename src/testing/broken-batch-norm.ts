import * as tf from '@tensorflow/tfjs';
import batchNorm from '../norm/specs/batch-norm.js';
import { defineNormSpec, type NormBuildOptions } from '../norm/spec.js';

/**
 * Deliberately broken BatchNormalization layers, as specs that still declare tfjs's BatchNorm, for
 * tests that show the claim properties catch a wrong layer with a readable message. Built on tfjs's
 * own layer, so only the broken part differs. Test-only: not in src/norm/specs/, so not registered.
 */
type Kwargs = Record<string, unknown>;
type BnInternals = tf.layers.Layer & { movingMean: tf.LayerVariable; movingVariance: tf.LayerVariable };

const BatchNormalization = tf.layers.batchNormalization({}).constructor as new (args: object) => tf.layers.Layer;

/** Moving statistics never move: the update is undone after every training-mode call. */
class NeverUpdatedBatchNorm extends BatchNormalization {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const self = this as unknown as BnInternals;
    const before = [self.movingMean.read().clone(), self.movingVariance.read().clone()];
    const out = super.call(inputs, kwargs);
    self.movingMean.write(before[0]);
    self.movingVariance.write(before[1]);
    tf.dispose(before);
    return out;
  }
}

/** Inference uses the batch statistics, as if it were training mode (and leaves the moving ones alone). */
class BatchStatsInInferenceBatchNorm extends NeverUpdatedBatchNorm {
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    return super.call(inputs, { ...kwargs, training: true });
  }
}

const args = ({ name, momentum, epsilon }: NormBuildOptions) => ({ axis: -1, momentum, epsilon, name });

export const neverUpdatedBatchNorm = defineNormSpec({
  ...batchNorm,
  build: (options) => new NeverUpdatedBatchNorm(args(options)),
});
/** A spec whose build() drops the epsilon it is given: the layer always uses tfjs's default, 1e-3. */
export const epsilonIgnoringBatchNorm = defineNormSpec({
  ...batchNorm,
  build: ({ name, momentum }) => tf.layers.batchNormalization({ axis: -1, momentum, name }),
});
export const batchStatsInInferenceBatchNorm = defineNormSpec({
  ...batchNorm,
  build: (options) => new BatchStatsInInferenceBatchNorm(args(options)),
});
