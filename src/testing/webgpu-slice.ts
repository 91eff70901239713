import { BackendUnavailableError } from '../errors.js';
import { setting } from '../settings.js';
import type { KernelSet } from '../backend/kernel-set-choice.js';
import { selectBackend, type BackendInfo } from '../backend/select.js';

/** Set by .ci/run after `npm run setup:webgpu`: there, no adapter is a failure, not a skip. */
const REQUIRE_WEBGPU_ENV = 'NORMPROP_REQUIRE_WEBGPU';

/**
 * For a test file of the webgpu slice: starts the webgpu backend by name (a software adapter is
 * accepted) and returns it, or, without one, prints why the file is skipped and returns undefined.
 * Where NORMPROP_REQUIRE_WEBGPU=1 (CI, after setup) a missing adapter throws instead: setup ran, so
 * a skip there would hide a broken path. `kernels`: the claim checks run on stock tfjs (the default);
 * the kernel checks and the goldens, made on normprop's kernels, ask for those.
 */
export async function webgpuForSlice(
  what: string,
  env: NodeJS.ProcessEnv = process.env,
  select = selectBackend,
  kernels: KernelSet = 'stock',
): Promise<BackendInfo | undefined> {
  try {
    const info = await select('webgpu', { kernels });
    console.log(`[normprop] webgpu slice (${what}) runs on ${info.device}`);
    return info;
  } catch (error) {
    if (!(error instanceof BackendUnavailableError)) throw error;
    if (setting(REQUIRE_WEBGPU_ENV, env) === '1') {
      throw new Error(`${REQUIRE_WEBGPU_ENV}=1 but the webgpu slice (${what}) has no backend: ${error.message}`, {
        cause: error,
      });
    }
    console.log(
      `[normprop] webgpu slice (${what}) SKIPPED: ${error.message} (npm run setup:webgpu provides a software adapter)`,
    );
    return undefined;
  }
}
