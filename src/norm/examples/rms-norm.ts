// docs/extending.md's worked example: a normalization layer added as one file. It lives outside
// src/norm/specs/ so it is checked only where asked (NORMPROP_NORM_SPECS=src/norm/examples).
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { defineNormSpec } from '../spec.js';

/** RMSNorm (Zhang and Sennrich 2019): x / sqrt(mean(x^2 over channels) + eps) * gamma; no centering, no beta. */
class RMSNormalization extends tf.layers.Layer {
  static className = 'RMSNormalization';
  private gamma?: tf.LayerVariable;
  private readonly epsilon: number;

  constructor(args: { epsilon?: number; name?: string }) {
    super({ name: args.name });
    this.epsilon = args.epsilon ?? 1e-3;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    this.gamma = this.addWeight('gamma', [shape[shape.length - 1] as number], 'float32', tf.initializers.ones());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const meanSquare = tf.mean(tf.square(x), -1, true);
      return tf.mul(tf.mul(x, tf.rsqrt(tf.add(meanSquare, this.epsilon))), this.gamma!.read());
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
tf.serialization.registerClass(RMSNormalization);

export default defineNormSpec({
  id: 'rms-norm',
  title: 'RMSNormalization (example)',
  ranks: [2, 4],
  parameters: () => fc.constant({}),
  modelParameters: () => ({}),
  build: ({ name, epsilon }) => new RMSNormalization({ epsilon, name }),
  // One statistic per sample and position, over all channels, and no mean subtracted.
  statistics: (_rank, channels) => ({ reducedAxes: [], channelsPerGroup: channels, centered: false }),
  trainingVsInference: 'equal',
  // Without centering a shift changes the output; a positive scale does not.
  invariances: [{ shift: false, scale: true, modes: ['training', 'inference'] }],
  trainsAffine: true,
});
