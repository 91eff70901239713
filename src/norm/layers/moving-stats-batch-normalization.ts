import * as tf from '@tensorflow/tfjs';

/**
 * BatchNormalization whose moving statistics are not anchored at 0/1, for the causal test of the seed's
 * answer (claim C15): does predict() go wrong because the moving averages are still near their initial
 * values? Training mode is tfjs's BatchNormalization exactly (batch mean, biased batch variance); only
 * the update of the moving statistics differs:
 *
 * - 'debiased': as Keras 2.1.3-2.2.x on TensorFlow (keras-team/keras PR 9003, `zero_debias=True`):
 *   an accumulator a_t = m a_{t-1} + (1-m) x_t from a_0 = 0, published as a_t / (1 - m^t), so after the
 *   first update the 0/1 initial values play no role; with m near 1 it is close to the plain average of
 *   the batch statistics seen so far.
 * - 'first-batch': the first update sets the moving statistics to the batch's, later ones are the usual
 *   m * moving + (1-m) * batch.
 *
 * With momentum 1 nothing moves (as for tfjs's layer). Before any update the moving statistics are 0 and 1.
 */
export type MovingStatsUpdate = 'debiased' | 'first-batch';

export interface MovingStatsBatchNormalizationArgs {
  update: MovingStatsUpdate;
  momentum?: number;
  epsilon?: number;
  name?: string;
}

type Config = tf.serialization.ConfigDict;

export class MovingStatsBatchNormalization extends tf.layers.Layer {
  static className = 'MovingStatsBatchNormalization';
  readonly update: MovingStatsUpdate;
  readonly momentum: number;
  readonly epsilon: number;
  private gamma?: tf.LayerVariable;
  private beta?: tf.LayerVariable;
  private movingMean?: tf.LayerVariable;
  private movingVariance?: tf.LayerVariable;
  /** Updates so far (a scalar, saved with the weights so a reloaded layer continues the same way). */
  private updateCount?: tf.LayerVariable;
  private biasedMean?: tf.LayerVariable;
  private biasedVariance?: tf.LayerVariable;

  constructor(args: MovingStatsBatchNormalizationArgs) {
    super({ name: args.name });
    this.update = args.update;
    this.momentum = args.momentum ?? 0.99;
    this.epsilon = args.epsilon ?? 1e-3;
    if (this.update !== 'debiased' && this.update !== 'first-batch')
      throw new RangeError(`${this.name}: update must be 'debiased' or 'first-batch', got ${String(this.update)}`);
    if (!(this.momentum >= 0 && this.momentum <= 1))
      throw new RangeError(`${this.name}: momentum ${this.momentum} must be in [0, 1]`);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    if (channels === null) throw new Error(`${this.name}: the channel axis must have a known size`);
    this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', [channels], 'float32', tf.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight(
      'moving_variance',
      [channels],
      'float32',
      tf.initializers.ones(),
      undefined,
      false,
    );
    this.updateCount = this.addWeight('update_count', [], 'float32', tf.initializers.zeros(), undefined, false);
    if (this.update === 'debiased') {
      this.biasedMean = this.addWeight('biased_mean', [channels], 'float32', tf.initializers.zeros(), undefined, false);
      this.biasedVariance = this.addWeight(
        'biased_variance',
        [channels],
        'float32',
        tf.initializers.zeros(),
        undefined,
        false,
      );
    }
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  /** The weights this layer moves besides moving_mean and moving_variance (for the generic fit() law). */
  static auxiliaryWeights(update: MovingStatsUpdate): string[] {
    return update === 'debiased' ? ['update_count', 'biased_mean', 'biased_variance'] : ['update_count'];
  }

  private moveStatistics(mean: tf.Tensor, variance: tf.Tensor): void {
    if (this.momentum >= 1) return;
    const m = this.momentum;
    // One scalar read per update: the step count decides the rule's branch and the debiasing factor.
    const t = this.updateCount!.read().dataSync()[0] + 1;
    tf.tidy(() => {
      if (this.update === 'debiased') {
        const biasedMean = tf.add(tf.mul(this.biasedMean!.read(), m), tf.mul(mean, 1 - m));
        const biasedVariance = tf.add(tf.mul(this.biasedVariance!.read(), m), tf.mul(variance, 1 - m));
        this.biasedMean!.write(biasedMean);
        this.biasedVariance!.write(biasedVariance);
        const debias = 1 - m ** t;
        this.movingMean!.write(tf.div(biasedMean, debias));
        this.movingVariance!.write(tf.div(biasedVariance, debias));
      } else if (t === 1) {
        this.movingMean!.write(tf.clone(mean));
        this.movingVariance!.write(tf.clone(variance));
      } else {
        this.movingMean!.write(tf.add(tf.mul(this.movingMean!.read(), m), tf.mul(mean, 1 - m)));
        this.movingVariance!.write(tf.add(tf.mul(this.movingVariance!.read(), m), tf.mul(variance, 1 - m)));
      }
      this.updateCount!.write(tf.scalar(t));
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
      const training = kwargs.training === true;
      let mean: tf.Tensor;
      let variance: tf.Tensor;
      if (training) {
        ({ mean, variance } = tf.moments(x, axes));
        // The writes are not part of the loss, so they add nothing to the gradient.
        this.moveStatistics(mean, variance);
      } else {
        mean = this.movingMean!.read();
        variance = this.movingVariance!.read();
      }
      return tf.batchNorm(x, mean, variance, this.beta!.read(), this.gamma!.read(), this.epsilon);
    });
  }

  override getConfig(): Config {
    return { ...super.getConfig(), update: this.update, momentum: this.momentum, epsilon: this.epsilon };
  }
}

tf.serialization.registerClass(MovingStatsBatchNormalization);
