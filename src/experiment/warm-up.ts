import * as tf from '@tensorflow/tfjs';
import { trainAndRecord } from './training-run.js';

/**
 * The first training run on a fresh backend is slow (kernels are set up, code paths compiled the
 * first time they run); later runs of the same shapes are not. One tiny run of the whole training
 * path, before any clock starts, keeps that cost out of per-case and overall time limits.
 * Returns how long it took, in seconds.
 */
export async function warmUpTraining(inputSize = 33): Promise<number> {
  const started = performance.now();
  const x = tf.randomUniform([3, inputSize, inputSize, 1], 0, 255, 'float32', 1) as tf.Tensor4D;
  const model = { stages: [1], width: 4, normMomentum: 0.99, normEpsilon: 1e-3, seed: 1 };
  await trainAndRecord(x, undefined, model, {
    epochs: 2,
    learningRate: 1e-3,
    batchSize: 2,
    shuffle: true,
    seed: 1,
    traceTrainingMode: true,
  });
  return (performance.now() - started) / 1000;
}
