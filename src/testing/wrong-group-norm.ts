import * as tf from '@tensorflow/tfjs';
import { GroupNormalization } from '../norm/layers/group-normalization.js';
import groupNorm from '../norm/specs/group-norm.js';
import { defineNormSpec } from '../norm/spec.js';

/**
 * A deliberately wrong GroupNormalization, as a spec, for tests that show the generic laws catch it:
 * it pools its statistics over the batch axis as well (as BatchNorm does), while its spec still
 * declares per-sample groups. Everything else is the real layer. Test-only: not registered.
 */
class BatchPoolingGroupNormalization extends GroupNormalization {
  static override className = 'BatchPoolingGroupNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const rank = x.shape.length;
      const channels = x.shape[rank - 1];
      const groups = this.groupsFor(channels);
      const grouped = tf.reshape(x, [...x.shape.slice(0, -1), groups, channels / groups]);
      // The mistake: axis 0 (the batch) is reduced too.
      const axes = [...Array.from({ length: rank - 1 }, (_, i) => i), rank];
      const { mean, variance } = tf.moments(grouped, axes, true);
      return tf.reshape(tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, this.epsilon))), x.shape);
    });
  }
}

export const wrongAxisGroupNorm = defineNormSpec({
  ...groupNorm,
  build: ({ name, epsilon }, { groups }) => new BatchPoolingGroupNormalization({ groups, epsilon, name }),
});
