// Asks for the webgpu backend, prints the adapter (vendor, driver) it runs on, and proves a kernel
// runs there: a matMul read back asynchronously must equal the cpu backend's. Exits 1 without one.
import * as tf from '@tensorflow/tfjs';
import { describeBackend, selectBackend } from '../src/backend/select.js';
import { defineCommand, runCommand } from '../src/cli/command.js';
import { maxRelativeError } from '../src/stats/float32-bounds.js';
import { seededValues } from '../src/stats/seeded-values.js';

async function matMulOn(backend: string): Promise<Float32Array> {
  await tf.setBackend(backend);
  const product = tf.tidy(() =>
    tf.matMul(tf.tensor2d(seededValues(24, 1), [4, 6]), tf.tensor2d(seededValues(30, 2), [6, 5])),
  );
  const values = (await product.data()) as Float32Array;
  product.dispose();
  return values;
}

async function probe(): Promise<number> {
  try {
    const info = await selectBackend('webgpu');
    console.log(`[webgpu-probe] ${describeBackend(info)}`);
    const error = maxRelativeError(await matMulOn('webgpu'), await matMulOn('cpu'));
    if (!(error <= 1e-5)) throw new Error(`a 4x6 by 6x5 matMul on webgpu differs from cpu's by ${error} (relative)`);
    console.log(`[webgpu-probe] a matMul on webgpu matches cpu (max relative error ${error.toExponential(2)})`);
    return 0;
  } catch (error) {
    console.error(
      `[webgpu-probe] no working WebGPU backend: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
}

await runCommand(
  defineCommand({
    name: 'webgpu-probe',
    usage: 'tsx scripts/webgpu-probe.ts',
    summary: 'Starts the webgpu backend, names its adapter and checks that a matMul there matches the cpu backend.',
    options: [],
    exitCodes: { finding: 'no working WebGPU backend' },
    run: probe,
  }),
);
