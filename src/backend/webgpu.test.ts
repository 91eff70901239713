import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BackendUnavailableError } from '../errors.js';
import { BACKEND_CANDIDATES } from './candidates.js';
import { selectBackend } from './select.js';
import { startWebGpu, vulkanEvidence, type WebGpuDeps } from './webgpu.js';

const fakeDeps = (overrides: Partial<WebGpuDeps>): WebGpuDeps => ({
  evidence: () => ({ loader: '/usr/lib/x86_64-linux-gnu/libvulkan.so.1', icds: [] }),
  createGpu: async () => ({ requestAdapter: async () => null }),
  importBackend: async () => {},
  ...overrides,
});

describe('the webgpu backend (GPU-free checks)', () => {
  it('with no Vulkan loader it says a Vulkan driver is needed, without loading Dawn', async () => {
    const createGpu = vi.fn();
    await expect(startWebGpu(fakeDeps({ evidence: () => ({ loader: null, icds: [] }), createGpu }))).rejects.toThrow(
      /no WebGPU adapter: a Vulkan driver for the GPU is needed \(Vulkan loader: libvulkan\.so\.1 not found; Vulkan ICD files: none\)/,
    );
    expect(createGpu).not.toHaveBeenCalled();
  });

  it('when Dawn finds no adapter it says so, with the loader and ICD files it saw, and does not register the backend', async () => {
    const importBackend = vi.fn(async () => {});
    await expect(
      startWebGpu(
        fakeDeps({
          importBackend,
          evidence: () => ({ loader: '/lib/libvulkan.so.1', icds: ['/etc/vulkan/icd.d/nvidia_icd.json'] }),
        }),
      ),
    ).rejects.toThrow(
      /no WebGPU adapter was found: a Vulkan driver for the GPU is needed \(Vulkan loader: \/lib\/libvulkan\.so\.1; Vulkan ICD files: \/etc\/vulkan\/icd\.d\/nvidia_icd\.json\)/,
    );
    expect(importBackend).not.toHaveBeenCalled();
  });

  it('with an adapter it registers the backend (after navigator.gpu exists) and describes the device', async () => {
    const order: string[] = [];
    const device = await startWebGpu(
      fakeDeps({
        createGpu: async () => (
          order.push('gpu'),
          { requestAdapter: async () => ({ info: { vendor: 'nvidia', architecture: 'hopper' } }) }
        ),
        importBackend: async () => void order.push('backend'),
      }),
    );
    expect(order).toEqual(['gpu', 'backend']);
    expect(device).toBe('GPU (WebGPU via Dawn/Vulkan: nvidia hopper)');
  });

  it('finds the Vulkan loader on LD_LIBRARY_PATH before the system folders', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-vulkan-'));
    await writeFile(path.join(dir, 'libvulkan.so.1'), '');
    expect(vulkanEvidence({ LD_LIBRARY_PATH: `/nonexistent:${dir}` }).loader).toBe(path.join(dir, 'libvulkan.so.1'));
  });

  it('passes over a software adapter when auto asks, and takes it when asked for by name', async () => {
    const lavapipe = {
      info: { vendor: 'mesa', architecture: 'software', device: 'llvmpipe', isFallbackAdapter: true },
    };
    const importBackend = vi.fn(async () => {});
    const deps = fakeDeps({ createGpu: async () => ({ requestAdapter: async () => lavapipe }), importBackend });
    await expect(startWebGpu(deps, { allowSoftware: false })).rejects.toThrow(
      /only WebGPU adapter is a software one \(mesa software llvmpipe\).*--backend webgpu/,
    );
    expect(importBackend).not.toHaveBeenCalled();
    await expect(startWebGpu(deps)).resolves.toBe('GPU (WebGPU via Dawn/Vulkan: mesa software llvmpipe)');
    expect(importBackend).toHaveBeenCalledOnce();
  });

  it('asked for by name where it cannot start, it is an error that says why and what to do (never a fallback)', async () => {
    // Whether this machine has an adapter or not, the failure path is forced: it is what a machine without Vulkan sees.
    const load = vi
      .spyOn(BACKEND_CANDIDATES.webgpu, 'load')
      .mockRejectedValue(new Error('no WebGPU adapter: a Vulkan driver for the GPU is needed (...)'));
    try {
      const attempt = selectBackend('webgpu');
      await expect(attempt).rejects.toBeInstanceOf(BackendUnavailableError);
      await expect(attempt).rejects.toThrow(
        /Backend "webgpu" cannot be used: it did not load: no WebGPU adapter.*Vulkan driver.*npm run setup:webgpu.*webgpu@0\.6\.2.*tfjs-backend-webgpu@4\.22\.0/s,
      );
      expect(load).toHaveBeenCalledWith(expect.objectContaining({ auto: false }));
    } finally {
      load.mockRestore();
    }
  });
});
