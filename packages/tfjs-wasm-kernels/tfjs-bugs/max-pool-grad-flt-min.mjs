// tfjs 4.22, @tensorflow/tfjs-backend-wasm: MaxPoolGrad sends the gradient of a pooling window whose
// values are all negative to the input's first element instead of to the window's max.
// src/cc/kernels/MaxPoolGrad.cc starts its running max at std::numeric_limits<float>::min() (FLT_MIN,
// the smallest *positive* float) with offset 0, so no negative value ever beats it.
// Run: npm install @tensorflow/tfjs@4.22.0 @tensorflow/tfjs-backend-wasm@4.22.0 && node max-pool-grad-flt-min.mjs
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

async function maxPoolGradient(backend) {
  await tf.setBackend(backend);
  await tf.ready();
  // One 2x2 window, all negative: the max is -1, at index 1.
  const x = tf.tensor4d([-3, -1, -4, -2], [1, 2, 2, 1]);
  const dx = tf.grad((t) => tf.maxPool(t, 2, 2, 'valid').sum())(x);
  return Array.from(await dx.data());
}

const cpu = await maxPoolGradient('cpu');
const wasm = await maxPoolGradient('wasm');
console.log(`cpu:  ${JSON.stringify(cpu)}`); // [0,1,0,0]: the gradient reaches the max
console.log(`wasm: ${JSON.stringify(wasm)}`); // [1,0,0,0] with the bug: it reaches x[0]
console.log(JSON.stringify(cpu) === JSON.stringify(wasm) ? 'same: fixed' : 'differ: the bug shows');
