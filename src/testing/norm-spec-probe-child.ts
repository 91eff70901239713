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
  const changed = tf.tidy(() => {
    const x = tf.randomNormal(shape, 0, 1, 'float32', 1);
    for (const training of [true, false]) {
      const y = layer.apply(x, { training }) as tf.Tensor;
      y.dataSync();
      // A normalization keeps its input's shape; the laws compare element by element and would fail obscurely.
      if (y.shape.join() !== shape.join())
        return `[${shape}] -> [${y.shape}] in ${training ? 'training' : 'inference'} mode`;
    }
    return undefined;
  });
  if (changed) {
    console.log(`probe: shape changed ${changed}`);
    process.exit(3);
  }
}
console.log('probe: ok');
