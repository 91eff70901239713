import * as tf from '@tensorflow/tfjs';

export interface LossAccuracy {
  loss: number;
  acc: number;
}

/**
 * Keras' categorical crossentropy (probabilities clipped to [1e-7, 1-1e-7]) and accuracy, batch means.
 * Read asynchronously: the webgpu backend has no synchronous reads in Node.
 */
export async function lossAndAccuracy(labels: tf.Tensor, probabilities: tf.Tensor): Promise<LossAccuracy> {
  const figures = tf.tidy(() =>
    tf.stack([
      tf.mean(tf.metrics.categoricalCrossentropy(labels, probabilities)),
      tf.mean(tf.metrics.categoricalAccuracy(labels, probabilities)),
    ]),
  );
  const [loss, acc] = await figures.data();
  figures.dispose();
  return { loss, acc };
}

export function argmaxRows(matrix: number[][]): number[] {
  return matrix.map((row) => row.reduce((best, v, i) => (v > row[best] ? i : best), 0));
}
