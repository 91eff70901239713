import * as tf from '@tensorflow/tfjs';

/**
 * GroupNormalization (Wu and He 2018; keras.layers.GroupNormalization): channels split into groups,
 * each sample normalized over its spatial positions and the channels of a group, then a per-channel
 * gamma and beta. tfjs has no such layer; this one is serializable and differentiable through
 * tfjs ops, so autodiff supplies its gradient. groups = channels gives InstanceNormalization.
 */
export interface GroupNormalizationArgs {
  /** Number of groups; must divide the channels. -1 means one group per channel (instance norm). */
  groups?: number;
  epsilon?: number;
  name?: string;
  trainable?: boolean;
}

type Config = tf.serialization.ConfigDict;

function shapeOf(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  return Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[])[0] : (inputShape as tf.Shape);
}

export class GroupNormalization extends tf.layers.Layer {
  static className = 'GroupNormalization';
  readonly groups: number;
  readonly epsilon: number;
  private gamma?: tf.LayerVariable;
  private beta?: tf.LayerVariable;

  constructor(args: GroupNormalizationArgs = {}) {
    super({ name: args.name, trainable: args.trainable });
    this.groups = args.groups ?? 32;
    this.epsilon = args.epsilon ?? 1e-3;
    if (!(Number.isInteger(this.groups) && (this.groups >= 1 || this.groups === -1)))
      throw new RangeError(`${this.name}: groups ${this.groups} must be a positive integer or -1`);
    if (!(this.epsilon > 0)) throw new RangeError(`${this.name}: epsilon ${this.epsilon} must be > 0`);
  }

  groupsFor(channels: number): number {
    const groups = this.groups === -1 ? channels : this.groups;
    if (channels % groups !== 0)
      throw new RangeError(`${this.name}: ${channels} channels cannot be split into ${groups} equal groups`);
    return groups;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = shapeOf(inputShape);
    const channels = shape[shape.length - 1];
    if (channels === null) throw new Error(`${this.name}: the channel axis must have a known size`);
    if (shape.length < 2)
      throw new RangeError(`${this.name}: needs an input of rank >= 2 (batch and channels), got rank ${shape.length}`);
    this.groupsFor(channels);
    this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const shape = x.shape;
      const rank = shape.length;
      const channels = shape[rank - 1];
      const groups = this.groupsFor(channels);
      // [..., C] -> [..., G, C/G]: reduce the spatial axes and the within-group axis, keep batch and group.
      const grouped = tf.reshape(x, [...shape.slice(0, -1), groups, channels / groups]);
      const axes = [...Array.from({ length: rank - 2 }, (_, i) => i + 1), rank];
      const { mean, variance } = tf.moments(grouped, axes, true);
      const normalized = tf.reshape(tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, this.epsilon))), shape);
      return tf.add(tf.mul(normalized, this.gamma!.read()), this.beta!.read());
    });
  }

  override getConfig(): Config {
    return { ...super.getConfig(), groups: this.groups, epsilon: this.epsilon };
  }
}

/** InstanceNormalization: GroupNormalization with one group per channel (as in tensorflow_addons). */
export class InstanceNormalization extends GroupNormalization {
  static override className = 'InstanceNormalization';

  constructor(args: Omit<GroupNormalizationArgs, 'groups'> = {}) {
    super({ ...args, groups: -1 });
  }

  override getConfig(): Config {
    const { groups: _groups, ...config } = super.getConfig();
    return config;
  }
}

tf.serialization.registerClass(GroupNormalization);
tf.serialization.registerClass(InstanceNormalization);
