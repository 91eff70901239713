import * as tf from '@tensorflow/tfjs';
import { adam } from '@normprop/tfjs-wasm-kernels';
import { buildResNet, type NormLayerFactory, type ResNetConfig } from '../models/resnet.js';
import { batchNormFactory } from '../norm/model-factory.js';

/**
 * The one way an experiment trains a ResNet on a batch: one-hot the labels, build the ResNet for the
 * batch's shape and class count, compile it with categorical crossentropy, run the caller's schedule,
 * and release the model, the optimizer and the tensors afterwards, also when the schedule throws.
 * Callers keep only what differs: the model's knobs, the optimizer, and what they do with the model.
 */

/** normprop's Adam (one fused kernel per variable, @normprop/tfjs-wasm-kernels; used only when its kernels are installed), or tfjs's own tf.train.adam. */
export type OptimizerChoice = 'normprop-adam' | 'tfjs-adam';

export interface CompileChoice {
  optimizer: OptimizerChoice;
  learningRate: number;
  /** Keras metrics besides the loss (fit()'s history gets an `acc` per epoch with ['acc']). */
  metrics?: string[];
}

/** The images and their one-hot labels, shared by every model trained on them. */
export interface OneHotBatch {
  x: tf.Tensor4D;
  y: tf.Tensor2D;
  classes: number;
}

/** The ResNet's knobs; its input shape and class count come from the batch. */
export type ResNetKnobs = Omit<ResNetConfig, 'inputShape' | 'classes'>;

export interface TrainResNetSpec {
  model: ResNetKnobs;
  compile: CompileChoice;
  /** Default: BatchNormalization as tfjs builds it. */
  norm?: NormLayerFactory;
}

export interface TrainedResNet extends OneHotBatch {
  model: tf.LayersModel;
}

/** Image i's class; default: image i is class i, as in the seed's labels [[1,0,0],[0,1,0],[0,0,1]]. */
const labelsOf = (n: number, labels?: number[]): number[] => labels ?? Array.from({ length: n }, (_, i) => i);

/**
 * Takes over x (released when `use` settles) and one-hots the labels next to it: class count
 * max(label) + 1, or n when every image is its own class.
 */
export async function withOneHotBatch<T>(
  x: tf.Tensor4D,
  labels: number[] | undefined,
  use: (batch: OneHotBatch) => Promise<T>,
): Promise<T> {
  try {
    const classLabels = labelsOf(x.shape[0], labels);
    const classes = Math.max(...classLabels) + 1;
    // tidy: tensor1d and oneHot are intermediates.
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(classLabels, 'int32'), classes).toFloat()) as tf.Tensor2D;
    try {
      return await use({ x, y, classes });
    } finally {
      y.dispose();
    }
  } finally {
    x.dispose();
  }
}

/** Builds the ResNet for the batch, compiles it, hands it to `use`, then releases model and optimizer. */
export async function withCompiledResNet<T>(
  batch: OneHotBatch,
  spec: TrainResNetSpec,
  use: (run: TrainedResNet) => Promise<T>,
): Promise<T> {
  const [, h, w, c] = batch.x.shape;
  const model = buildResNet(
    { ...spec.model, inputShape: [h, w, c], classes: batch.classes },
    spec.norm ?? batchNormFactory,
  );
  try {
    const optimizer =
      spec.compile.optimizer === 'normprop-adam'
        ? adam(spec.compile.learningRate)
        : tf.train.adam(spec.compile.learningRate);
    try {
      model.compile({
        optimizer,
        loss: 'categoricalCrossentropy',
        ...(spec.compile.metrics ? { metrics: spec.compile.metrics } : {}),
      });
      return await use({ ...batch, model });
    } finally {
      // model.dispose() leaves an optimizer passed to compile() alone.
      optimizer.dispose();
    }
  } finally {
    model.dispose();
  }
}

/** One model on one batch: withOneHotBatch around withCompiledResNet. */
export function trainResNet<T>(
  x: tf.Tensor4D,
  labels: number[] | undefined,
  spec: TrainResNetSpec,
  schedule: (run: TrainedResNet) => Promise<T>,
): Promise<T> {
  return withOneHotBatch(x, labels, (batch) => withCompiledResNet(batch, spec, schedule));
}
