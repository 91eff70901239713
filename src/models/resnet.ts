import * as tf from '@tensorflow/tfjs';
import { minInputSize } from './min-size.js';

/**
 * The ResNet v1 of keras.applications (resnet.py: ResNet50 with stack1/block1), and a family that
 * varies its depth, width and input size from the same blocks:
 * zero-pad 3, 7x7/2 conv (with bias), BN, relu, zero-pad 1, 3x3/2 max-pool, then stages of
 * bottleneck blocks (1x1 with the stage stride -> 3x3 'same' -> 1x1 to 4x width; a conv+BN
 * shortcut in the first block of a stage), global average pooling and a dense softmax.
 * Kernels are glorot-uniform and biases zero, as in Keras (tfjs defaults to glorot-normal).
 */
export interface ResNetConfig {
  /** [height, width, channels]; ResNet50 in the seed: [197, 197, 1]. */
  inputShape: [number, number, number];
  classes: number;
  /** Bottleneck blocks per stage; ResNet50: [3, 4, 6, 3]. */
  stages: number[];
  /** Filters of the stem conv and of the first stage's bottleneck, doubled each stage; ResNet50: 64. */
  width: number;
  /** Momentum of every norm layer that keeps moving statistics (BatchNormalization: Keras and tfjs default 0.99). */
  normMomentum: number;
  /** Epsilon of every norm layer; keras.applications uses 1.001e-5 for BatchNormalization. */
  normEpsilon: number;
  /** Seeds every initializer, so the same config builds the same weights. */
  seed: number;
  /**
   * 'keras-applications' (default): today's resnet.py. 'keras-2.1': the keras.applications ResNet50 of the
   * seed's era (min input 197): no pool1_pad before the max-pool, and AveragePooling over the last feature
   * map + Flatten instead of global average pooling (the same numbers, the same parameter count). That
   * Keras also used BN epsilon 1e-3: set normEpsilon.
   */
  topology?: 'keras-applications' | 'keras-2.1';
}

/**
 * Builds each normalization layer, given the channels it will see: a spec's layer, made by
 * normLayerFactory (src/norm/model-factory.ts; batchNormFactory there for the seed case's BN).
 */
export type NormLayerFactory = (name: string, config: ResNetConfig, channels: number) => tf.layers.Layer;

export function resnet50Config(overrides: Partial<ResNetConfig> = {}): ResNetConfig {
  return {
    inputShape: [197, 197, 1],
    classes: 3,
    stages: [3, 4, 6, 3],
    width: 64,
    normMomentum: 0.99,
    normEpsilon: 1.001e-5,
    seed: 42,
    ...overrides,
  };
}

export function isResNet50(config: ResNetConfig): boolean {
  return config.width === 64 && config.stages.join(',') === '3,4,6,3';
}

export function validateResNetConfig(config: ResNetConfig): void {
  const problems: string[] = [];
  const [h, w, c] = config.inputShape;
  if (![h, w, c].every((v) => Number.isInteger(v) && v > 0))
    problems.push(`inputShape ${config.inputShape} must be positive integers`);
  const minSize = minInputSize(config.stages.length);
  if (Math.min(h, w) < minSize)
    problems.push(`input size ${h}x${w} is below ${minSize}, the least ${config.stages.length} stages can take`);
  if (!Number.isInteger(config.classes) || config.classes < 2)
    problems.push(`classes ${config.classes} must be an integer >= 2`);
  if (config.stages.length === 0 || !config.stages.every((b) => Number.isInteger(b) && b >= 1))
    problems.push(`stages [${config.stages}] must be one or more integers >= 1`);
  if (!Number.isInteger(config.width) || config.width < 1)
    problems.push(`width ${config.width} must be an integer >= 1`);
  if (!(config.normMomentum >= 0 && config.normMomentum <= 1))
    problems.push(`normMomentum ${config.normMomentum} must be in [0, 1]`);
  if (!(config.normEpsilon > 0)) problems.push(`normEpsilon ${config.normEpsilon} must be > 0`);
  if (problems.length > 0) throw new RangeError(`Invalid ResNet configuration: ${problems.join('; ')}.`);
}

class ResNetBuilder {
  private layerIndex = 0;
  constructor(
    private readonly config: ResNetConfig,
    private readonly norm: NormLayerFactory,
  ) {}

  // Each layer gets its own seed, derived from its position, so weights do not depend on call order elsewhere.
  private init() {
    return tf.initializers.glorotUniform({ seed: this.config.seed * 1000 + this.layerIndex++ });
  }

  conv(
    x: tf.SymbolicTensor,
    filters: number,
    kernelSize: number,
    strides: number,
    padding: 'valid' | 'same',
    name: string,
  ) {
    return tf.layers
      .conv2d({
        filters,
        kernelSize,
        strides,
        padding,
        useBias: true,
        kernelInitializer: this.init(),
        biasInitializer: 'zeros',
        name,
      })
      .apply(x) as tf.SymbolicTensor;
  }

  bn(x: tf.SymbolicTensor, name: string) {
    const channels = x.shape[x.shape.length - 1] as number;
    return this.norm(name, this.config, channels).apply(x) as tf.SymbolicTensor;
  }

  relu(x: tf.SymbolicTensor, name: string) {
    return tf.layers.activation({ activation: 'relu', name }).apply(x) as tf.SymbolicTensor;
  }

  /** keras.applications resnet.block1: a bottleneck with the stride on its first 1x1 conv. */
  block(x: tf.SymbolicTensor, filters: number, stride: number, convShortcut: boolean, name: string) {
    let shortcut = x;
    if (convShortcut) {
      shortcut = this.conv(x, 4 * filters, 1, stride, 'valid', `${name}_0_conv`);
      shortcut = this.bn(shortcut, `${name}_0_bn`);
    }
    let y = this.conv(x, filters, 1, stride, 'valid', `${name}_1_conv`);
    y = this.relu(this.bn(y, `${name}_1_bn`), `${name}_1_relu`);
    y = this.conv(y, filters, 3, 1, 'same', `${name}_2_conv`);
    y = this.relu(this.bn(y, `${name}_2_bn`), `${name}_2_relu`);
    y = this.conv(y, 4 * filters, 1, 1, 'valid', `${name}_3_conv`);
    y = this.bn(y, `${name}_3_bn`);
    const sum = tf.layers.add({ name: `${name}_add` }).apply([shortcut, y]) as tf.SymbolicTensor;
    return this.relu(sum, `${name}_out`);
  }

  build(): tf.LayersModel {
    const { config } = this;
    const input = tf.input({ shape: config.inputShape, name: 'input' });
    let x = tf.layers
      .zeroPadding2d({
        padding: [
          [3, 3],
          [3, 3],
        ],
        name: 'conv1_pad',
      })
      .apply(input) as tf.SymbolicTensor;
    x = this.conv(x, config.width, 7, 2, 'valid', 'conv1_conv');
    x = this.relu(this.bn(x, 'conv1_bn'), 'conv1_relu');
    const era21 = config.topology === 'keras-2.1';
    if (!era21)
      x = tf.layers
        .zeroPadding2d({
          padding: [
            [1, 1],
            [1, 1],
          ],
          name: 'pool1_pad',
        })
        .apply(x) as tf.SymbolicTensor;
    x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'pool1_pool' }).apply(x) as tf.SymbolicTensor;
    config.stages.forEach((blocks, stage) => {
      const filters = config.width * 2 ** stage;
      const stageName = `conv${stage + 2}`;
      // Keras: the first stage keeps the resolution (stride1=1), later stages halve it.
      x = this.block(x, filters, stage === 0 ? 1 : 2, true, `${stageName}_block1`);
      for (let b = 2; b <= blocks; b++) x = this.block(x, filters, 1, false, `${stageName}_block${b}`);
    });
    if (era21) {
      const [h, w] = x.shape.slice(1, 3) as number[];
      x = tf.layers.averagePooling2d({ poolSize: [h, w], name: 'avg_pool' }).apply(x) as tf.SymbolicTensor;
      x = tf.layers.flatten({ name: 'flatten_1' }).apply(x) as tf.SymbolicTensor;
    } else {
      x = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(x) as tf.SymbolicTensor;
    }
    const output = tf.layers
      .dense({
        units: config.classes,
        activation: 'softmax',
        kernelInitializer: this.init(),
        biasInitializer: 'zeros',
        name: 'predictions',
      })
      .apply(x) as tf.SymbolicTensor;
    return tf.model({ inputs: input, outputs: output, name: isResNet50(config) ? 'resnet50' : 'resnet' });
  }
}

export function buildResNet(config: ResNetConfig, norm: NormLayerFactory): tf.LayersModel {
  validateResNetConfig(config);
  return new ResNetBuilder(config, norm).build();
}
