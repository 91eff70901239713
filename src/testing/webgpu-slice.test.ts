import { describe, expect, it, vi } from 'vitest';
import { BackendUnavailableError } from '../errors.js';
import type { BackendInfo } from '../backend/select.js';
import { webgpuForSlice } from './webgpu-slice.js';

const missing = async (): Promise<BackendInfo> => {
  throw new BackendUnavailableError('Backend "webgpu" cannot be used: it did not load: no WebGPU adapter');
};

describe('the webgpu slice without an adapter', () => {
  it('skips with the reason printed', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      await expect(webgpuForSlice('kernels', {}, missing)).resolves.toBeUndefined();
      expect(log).toHaveBeenCalledWith(
        expect.stringMatching(/webgpu slice \(kernels\) SKIPPED: .*no WebGPU adapter.*npm run setup:webgpu/),
      );
    } finally {
      log.mockRestore();
    }
  });

  it('fails where NORMPROP_REQUIRE_WEBGPU=1 (CI after setup), naming the cause', async () => {
    await expect(webgpuForSlice('kernels', { NORMPROP_REQUIRE_WEBGPU: '1' }, missing)).rejects.toThrow(
      /NORMPROP_REQUIRE_WEBGPU=1 but the webgpu slice \(kernels\) has no backend: .*no WebGPU adapter/,
    );
  });

  it('does not turn other errors into a skip', async () => {
    await expect(webgpuForSlice('kernels', {}, async () => Promise.reject(new TypeError('bug')))).rejects.toThrow(
      'bug',
    );
  });
});
