import { execFile } from 'node:child_process';
import os from 'node:os';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { describeBackend, selectBackend } from './select.js';
import { simdKernelsOfBackend, wasmBackendMemory } from '@normprop/tfjs-wasm-kernels';
import { parseThreads, threadsFrom } from './wasm-threads.js';

const run = promisify(execFile);

/** A convolution's output and both gradients, and a batch-norm's moments: the kernels a training step is made of. */
async function convStep(): Promise<Float32Array[]> {
  const x = tf.randomNormal([3, 24, 24, 8], 0, 1, 'float32', 1) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, 8, 16], 0, 1, 'float32', 2) as tf.Tensor4D;
  const grads = tf.grads((a, b) =>
    tf
      .conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')
      .square()
      .mean(),
  );
  const [gx, gw] = grads([x, w]);
  const y = tf.conv2d(x, w, 1, 'same');
  const { mean, variance } = tf.moments(y, [0, 1, 2]);
  const out = await Promise.all([y, gx, gw, mean, variance].map(async (t) => (await t.data()) as Float32Array));
  tf.dispose([x, w, gx, gw, y, mean, variance]);
  return out;
}

describe('wasm threads', () => {
  it('the count comes from --threads, else NORMPROP_THREADS, else the cores this process may use', () => {
    expect(threadsFrom(3, { NORMPROP_THREADS: '2' })).toBe(3);
    expect(threadsFrom(undefined, { NORMPROP_THREADS: '2' })).toBe(2);
    expect(threadsFrom(undefined, {})).toBe(Math.min(os.availableParallelism(), 64));
    for (const bad of ['0', '-1', '1.5', 'two', '', '65'])
      expect(() => parseThreads(bad, '--threads')).toThrow(
        /--threads: ".*" is not a thread count \(a whole number from 1 to 64\)/,
      );
    expect(() => threadsFrom(undefined, { NORMPROP_THREADS: 'many' })).toThrow(
      /NORMPROP_THREADS environment variable: "many"/,
    );
  });

  it('two threads really run two (tfjs alone gives one on a 2-core machine), and the backend line says so', async () => {
    const info = await selectBackend('wasm', { threads: 2 });
    expect(info.threads).toBe(2);
    expect(describeBackend(info)).toMatch(/SIMD on, 2 threads/);
    const single = await selectBackend('wasm', { threads: 1 });
    expect(single.threads).toBe(1);
    expect(describeBackend(single)).toMatch(/one thread/);
  });

  it("normprop's SIMD kernels run on the heap of both builds (shared memory on two threads, unshared on one)", async () => {
    for (const [threads, shared] of [
      [2, true],
      [1, false],
    ] as const) {
      await selectBackend('wasm', { threads });
      const memory = wasmBackendMemory(tf.backend());
      expect(memory, `${threads} thread(s): no Memory found on the backend`).toBeInstanceOf(WebAssembly.Memory);
      expect(memory!.buffer instanceof SharedArrayBuffer).toBe(shared);
      expect(simdKernelsOfBackend(tf.backend()), `${threads} thread(s): kernels not bound`).toBeDefined();
    }
  });

  it('results are bit for bit the same with one thread and with two (XNNPACK splits outputs, not sums)', async () => {
    await selectBackend('wasm', { threads: 1 });
    const one = await convStep();
    await selectBackend('wasm', { threads: 2 });
    const two = await convStep();
    const again = await convStep();
    for (let i = 0; i < one.length; i++) {
      expect(Array.from(two[i]), `output ${i}`).toEqual(Array.from(one[i]));
      expect(Array.from(again[i]), `output ${i}, second run`).toEqual(Array.from(two[i]));
    }
  });

  it('a process that used two threads exits by itself (the pthread workers do not keep it alive)', async () => {
    const script =
      "import('./src/backend/select.ts').then(async (m) => { const i = await m.selectBackend('wasm', { threads: 2 }); console.log('threads', i.threads); })";
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '-e', script], {
      cwd: process.cwd(),
      timeout: 60_000,
    });
    expect(stdout.trim()).toBe('threads 2');
  });
});
