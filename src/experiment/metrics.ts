import * as tf from '@tensorflow/tfjs';

export interface LossAccuracy {
  loss: number;
  acc: number;
}

/** Keras' categorical crossentropy (probabilities clipped to [1e-7, 1-1e-7]) and accuracy, batch means. */
export function lossAndAccuracy(labels: tf.Tensor, probabilities: tf.Tensor): LossAccuracy {
  const [loss, acc] = tf.tidy(() => [
    tf.mean(tf.metrics.categoricalCrossentropy(labels, probabilities)).dataSync()[0],
    tf.mean(tf.metrics.categoricalAccuracy(labels, probabilities)).dataSync()[0],
  ]);
  return { loss, acc };
}

export function argmaxRows(matrix: number[][]): number[] {
  return matrix.map((row) => row.reduce((best, v, i) => (v > row[best] ? i : best), 0));
}
