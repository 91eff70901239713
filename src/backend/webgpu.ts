import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Starting @tensorflow/tfjs-backend-webgpu under Node: the `webgpu` package (Dawn) provides
 * navigator.gpu, which must exist before the backend module is imported; Dawn reaches NVIDIA (and
 * other) GPUs through Vulkan, so without a Vulkan loader and driver there is no adapter. Only
 * asynchronous reads work there (normprop's training path uses no synchronous read).
 */
export interface VulkanEvidence {
  /** Where libvulkan.so.1 was found, if anywhere. */
  loader: string | null;
  /** Vulkan ICD (driver manifest) files found. */
  icds: string[];
}

const LIBRARY_DIRS = [
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib64',
  '/usr/lib',
  '/lib/x86_64-linux-gnu',
  '/usr/local/lib',
];
const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d', '/usr/local/share/vulkan/icd.d'];

export function vulkanEvidence(env: NodeJS.ProcessEnv = process.env): VulkanEvidence {
  const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LIBRARY_DIRS];
  const loader = dirs.map((d) => path.join(d, 'libvulkan.so.1')).find((f) => existsSync(f)) ?? null;
  const icds = ICD_DIRS.flatMap((d) => {
    try {
      return readdirSync(d).map((f) => path.join(d, f));
    } catch {
      return [];
    }
  });
  return { loader, icds };
}

export interface GpuLike {
  requestAdapter(): Promise<{
    info?: {
      vendor?: string;
      architecture?: string;
      device?: string;
      description?: string;
      isFallbackAdapter?: boolean;
    };
  } | null>;
}

export interface WebGpuDeps {
  evidence(): VulkanEvidence;
  /** Imports `webgpu` and returns its navigator.gpu (and installs its globals). */
  createGpu(): Promise<GpuLike>;
  /** Imports @tensorflow/tfjs-backend-webgpu (registers the 'webgpu' backend). */
  importBackend(): Promise<void>;
}

// A variable specifier keeps TypeScript from resolving packages that are optional.
const importOptional = (specifier: string): Promise<Record<string, unknown>> => import(specifier);

export const realWebGpuDeps: WebGpuDeps = {
  evidence: () => vulkanEvidence(),
  createGpu: async () => {
    const dawn = (await importOptional('webgpu')) as {
      create(flags: string[]): GpuLike;
      globals: Record<string, unknown>;
    };
    Object.assign(globalThis, dawn.globals);
    const gpu = dawn.create([]);
    const g = globalThis as { navigator?: { gpu?: unknown } };
    if (g.navigator === undefined)
      Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
    Object.defineProperty(g.navigator!, 'gpu', { value: gpu, configurable: true });
    return gpu;
  },
  importBackend: async () => void (await importOptional('@tensorflow/tfjs-backend-webgpu')),
};

const describeEvidence = (e: VulkanEvidence) =>
  `Vulkan loader: ${e.loader ?? 'libvulkan.so.1 not found'}; Vulkan ICD files: ${e.icds.length ? e.icds.join(', ') : 'none'}`;

export interface StartOptions {
  /**
   * Accept a software adapter (Mesa's lavapipe, SwiftShader). Asked for by name, yes: it is how the
   * WebGPU path is tested without a GPU. In `auto`, no: on 2 cores it trains slower than wasm.
   */
  allowSoftware?: boolean;
}

/** Finds an adapter and registers the backend; returns the adapter's description. Throws, with the evidence, when there is none. */
export async function startWebGpu(deps: WebGpuDeps = realWebGpuDeps, options: StartOptions = {}): Promise<string> {
  const evidence = deps.evidence();
  // Without a loader Dawn can only print a warning and find nothing: say why without loading it.
  if (evidence.loader === null) {
    throw new Error(`no WebGPU adapter: a Vulkan driver for the GPU is needed (${describeEvidence(evidence)})`);
  }
  const gpu = await deps.createGpu();
  const adapter = await gpu.requestAdapter();
  if (adapter === null)
    throw new Error(
      `no WebGPU adapter was found: a Vulkan driver for the GPU is needed (${describeEvidence(evidence)})`,
    );
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
  if (options.allowSoftware === false && (info.isFallbackAdapter || info.architecture === 'software')) {
    throw new Error(
      `the only WebGPU adapter is a software one (${name}), slower than wasm; ask for it by name (--backend webgpu)`,
    );
  }
  await deps.importBackend();
  return `GPU (WebGPU via Dawn/Vulkan${name ? `: ${name}` : ''})`;
}
