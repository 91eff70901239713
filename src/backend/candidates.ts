import * as tf from '@tensorflow/tfjs';
import { startWebGpu } from './webgpu.js';
import { registerWasmWithThreads, wasmThreadsInUse } from './wasm-threads.js';

let webgpuDevice = 'GPU (WebGPU)';

/** The backends normprop knows, in the order `auto` tries them (fastest first). */
export const BACKEND_NAMES = ['node-gpu', 'webgpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface LoadOptions {
  /** XNNPACK threads for wasm (1 = tfjs's single-threaded build); other backends ignore it. */
  threads: number;
  /** Chosen by `auto`, not by name (webgpu passes over a software adapter then). */
  auto: boolean;
}

export interface BackendCandidate {
  name: BackendName;
  /** The name tfjs registers the backend under (`tf.setBackend`). */
  tfName: string;
  /** Imports the package that registers the backend; throws when it is not installed or cannot load. */
  load(options: LoadOptions): Promise<void>;
  /** Describes the device once the backend runs. */
  device(): string;
  /** What a user can do when it cannot load. */
  hint: string;
}

// A variable specifier keeps TypeScript and bundlers from resolving packages that are optional.
async function importOptional(specifier: string): Promise<unknown> {
  return import(specifier);
}

export const BACKEND_CANDIDATES: Record<BackendName, BackendCandidate> = {
  'node-gpu': {
    name: 'node-gpu',
    tfName: 'tensorflow',
    load: async () => void (await importOptional('@tensorflow/tfjs-node-gpu')),
    device: () => 'GPU (libtensorflow 2.9.1 with CUDA)',
    hint:
      'Install it with `npm install @tensorflow/tfjs-node-gpu@4.22.0`. Its install downloads libtensorflow ' +
      'from outside the npm registry, and it loads only with CUDA 11.2 and cuDNN 8.1 (not CUDA 12 or later).',
  },
  webgpu: {
    name: 'webgpu',
    tfName: 'webgpu',
    load: async (options) => {
      webgpuDevice = await startWebGpu(undefined, { allowSoftware: !options?.auto });
    },
    device: () => webgpuDevice,
    hint:
      'Run `npm run setup:webgpu`: it installs webgpu@0.6.2 (Dawn) and @tensorflow/tfjs-backend-webgpu@4.22.0 from webgpu-deps/ ' +
      "and, on Debian, a Vulkan loader and Mesa's software Vulkan driver. A GPU needs its own Vulkan driver " +
      '(libvulkan.so.1 and an ICD file in /usr/share/vulkan/icd.d or /etc/vulkan/icd.d).',
  },
  node: {
    name: 'node',
    tfName: 'tensorflow',
    load: async () => void (await importOptional('@tensorflow/tfjs-node')),
    device: () => 'CPU (libtensorflow 2.9.1)',
    hint:
      'Install it with `npm install @tensorflow/tfjs-node@4.22.0`. Its install downloads libtensorflow ' +
      'from outside the npm registry, so it fails on machines that reach only the npm registry.',
  },
  wasm: {
    name: 'wasm',
    tfName: 'wasm',
    load: async ({ threads }) => {
      await import('@tensorflow/tfjs-backend-wasm');
      registerWasmWithThreads(threads);
    },
    device: () => {
      const simd = tf.env().getBool('WASM_HAS_SIMD_SUPPORT');
      const threads = wasmThreadsInUse();
      return `CPU (WebAssembly, XNNPACK, SIMD ${simd ? 'on' : 'off'}, ${threads === 1 ? 'one thread' : `${threads} threads`})`;
    },
    hint: 'It ships with normprop as @tensorflow/tfjs-backend-wasm; run `npm ci` to restore node_modules.',
  },
  cpu: {
    name: 'cpu',
    tfName: 'cpu',
    load: async () => {},
    device: () => 'CPU (pure JavaScript; about a thousand times slower than PyTorch for a ResNet50)',
    hint: 'It ships inside @tensorflow/tfjs; run `npm ci` to restore node_modules.',
  },
};
