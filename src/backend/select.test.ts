import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BackendUnavailableError } from '../errors.js';
import { backendRequestFrom, parseBackendRequest, selectBackend } from './select.js';

async function installed(pkg: string): Promise<boolean> {
  try {
    await import(pkg);
    return true;
  } catch {
    return false;
  }
}

describe('backend selection', () => {
  it('auto takes the first that loads in the order node-gpu, webgpu, node, wasm, cpu, and says why it skipped the others', async () => {
    const info = await selectBackend('auto');
    const gpu = await installed('@tensorflow/tfjs-node-gpu');
    const node = await installed('@tensorflow/tfjs-node');
    const expected = gpu ? 'node-gpu' : node ? 'node' : 'wasm';
    expect(info.name).toBe(expected);
    expect(tf.getBackend()).toBe(info.tfName);
    expect(info.tfjsVersion).toBe(tf.version.tfjs);
    if (expected === 'wasm') {
      expect(info.skipped.map((s) => s.name)).toEqual(['node-gpu', 'webgpu', 'node']);
      for (const s of info.skipped) expect(s.reason).toMatch(/did not load/);
      expect(info.skipped[1].reason).toMatch(
        /Vulkan driver|Cannot find package 'webgpu'|Could not resolve "webgpu"|only WebGPU adapter is a software one/,
      );
      expect(info.device).toMatch(/WebAssembly/);
    }
  });

  it('a requested backend that cannot load is an error that says why and what to do', async () => {
    if (await installed('@tensorflow/tfjs-node-gpu')) {
      console.log('skipped: @tensorflow/tfjs-node-gpu is installed here, so it cannot be shown failing to load');
      return;
    }
    const attempt = selectBackend('node-gpu');
    await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
    await expect(selectBackend('node-gpu')).rejects.toThrow(
      /node-gpu.*cannot be used.*did not load.*npm install @tensorflow\/tfjs-node-gpu.*CUDA 11\.2/s,
    );
  });

  it("starting wasm leaves Node's uncaught-exception handling alone (Emscripten's handlers would print the whole wasm glue)", async () => {
    const before = [process.listeners('uncaughtException').length, process.listeners('unhandledRejection').length];
    await selectBackend('wasm');
    expect([process.listeners('uncaughtException').length, process.listeners('unhandledRejection').length]).toEqual(
      before,
    );
  });

  it("webgpu named with realGpuOnly (bench's default list) refuses a software adapter instead of timing ResNet50 on it for minutes", async () => {
    const attempt = await selectBackend('webgpu', { realGpuOnly: true }).catch((e: unknown) => e);
    if (!(attempt instanceof Error)) {
      // Only a real GPU's adapter gets here; a software one must have been refused.
      expect((attempt as { device: string }).device).not.toMatch(/software|llvmpipe|lavapipe/i);
      return;
    }
    expect(attempt).toBeInstanceOf(BackendUnavailableError);
    expect(attempt.message).toMatch(
      /Vulkan driver|Cannot find package 'webgpu'|Could not resolve "webgpu"|only WebGPU adapter is a software one/,
    );
  });

  it('cpu and wasm can be requested by name', async () => {
    expect((await selectBackend('cpu')).name).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await selectBackend('wasm')).name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('the flag wins over NORMPROP_BACKEND; unknown names are refused with the list of known ones', () => {
    expect(backendRequestFrom('cpu', { NORMPROP_BACKEND: 'wasm' })).toBe('cpu');
    expect(backendRequestFrom(undefined, { NORMPROP_BACKEND: 'wasm' })).toBe('wasm');
    expect(backendRequestFrom(undefined, {})).toBe('auto');
    expect(() => parseBackendRequest('cuda', '--backend')).toThrow(
      /Unknown backend "cuda" \(from --backend\).*auto, node-gpu, webgpu, node, wasm, cpu/,
    );
    expect(() => backendRequestFrom(undefined, { NORMPROP_BACKEND: 'tpu' })).toThrow(/NORMPROP_BACKEND/);
  });
});
