import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ADAM_KERNEL, stockBatchNormGradient, stockWasmKernel } from '@normprop/tfjs-wasm-kernels';
import { kernelProvenance, kernelSetFrom, parseKernelSet } from './kernel-set.js';
import { selectBackend } from './select.js';

describe('the kernel set', () => {
  it('stock by default: every tfjs gradient and wasm kernel as installed, tfjs Adam; only the missing Conv2DBackpropFilter added', async () => {
    const info = await selectBackend('wasm', {});
    expect(info.kernels).toMatchObject({ set: 'stock', added: ['Conv2DBackpropFilter'] });
    expect(info.kernels.packages['@tensorflow/tfjs-backend-wasm']).toBe(tf.version.tfjs);
    expect(tf.getGradient('FusedBatchNorm')).toBe(stockBatchNormGradient());
    for (const name of ['Tile', 'Cast', 'MaxPoolGrad', 'Sum', 'Conv2DBackpropInput'])
      expect(tf.getKernel(name, 'wasm')!.kernelFunc, name).toBe(stockWasmKernel(name));
    expect(tf.getKernel(ADAM_KERNEL, 'wasm')).toBeUndefined();
  });

  it('normprop replaces them and says so; stock afterwards puts tfjs back', async () => {
    const info = await selectBackend('wasm', { kernels: 'normprop' });
    expect(info.kernels.set).toBe('normprop');
    if (info.kernels.set !== 'normprop') return;
    expect(info.kernels.replaced).toEqual(expect.arrayContaining(['FusedBatchNorm gradient', 'wasm MaxPoolGrad']));
    expect(['validated', 'js-fallback']).toContain(info.kernels.simdModule);
    expect(tf.getGradient('FusedBatchNorm')).not.toBe(stockBatchNormGradient());
    expect(tf.getKernel('MaxPoolGrad', 'wasm')!.kernelFunc).not.toBe(stockWasmKernel('MaxPoolGrad'));
    await selectBackend('wasm', { kernels: 'stock' });
    expect(kernelProvenance().set).toBe('stock');
    expect(tf.getGradient('FusedBatchNorm')).toBe(stockBatchNormGradient());
    expect(tf.getKernel('MaxPoolGrad', 'wasm')!.kernelFunc).toBe(stockWasmKernel('MaxPoolGrad'));
    expect(tf.getKernel(ADAM_KERNEL, 'wasm')).toBeUndefined();
  });

  it('the flag wins over NORMPROP_KERNELS, which wins over the command default; unknown sets are refused', () => {
    expect(kernelSetFrom('stock', 'normprop', { NORMPROP_KERNELS: 'normprop' })).toBe('stock');
    expect(kernelSetFrom(undefined, 'stock', { NORMPROP_KERNELS: 'normprop' })).toBe('normprop');
    expect(kernelSetFrom(undefined, 'normprop', {})).toBe('normprop');
    expect(() => parseKernelSet('fast', '--kernels')).toThrow(/Unknown kernel set "fast".*stock, normprop/);
  });
});
