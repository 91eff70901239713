// A child process that tries a user's normalization spec once: load it, build its layer for one input
// of each rank it declares, apply it in training and inference mode. Its parent (norm-spec-probe.ts)
// gives it a time limit, which a synchronous endless loop in the spec's code cannot escape.
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { loadNormSpecFile } from '../norm/registry.js';

const file = process.argv[2];
await tf.setBackend('cpu');
const spec = await loadNormSpecFile({ id: path.basename(file, '.ts'), file });
for (const rank of spec.ranks) {
  const channels = 4;
  const layer = spec.build({ channels }, spec.modelParameters(channels));
  const shape = rank === 2 ? [3, channels] : [3, 2, 2, channels];
  tf.tidy(() => {
    const x = tf.randomNormal(shape, 0, 1, 'float32', 1);
    for (const training of [true, false]) (layer.apply(x, { training }) as tf.Tensor).dataSync();
  });
}
console.log('probe: ok');
