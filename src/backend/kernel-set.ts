// Which kernels run under the claims: tfjs as shipped ('stock'), or normprop's accelerator
// ('normprop': leaner gradients, wasm training kernels, the fused Adam). A verdict is about the
// library a reader installs, so every check and record names the set it ran on (kernelProvenance).
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import type { KernelSet } from './kernel-set-choice.js';
import type { KernelProvenance } from './kernel-provenance.js';
import { registerLeanBatchNormGradient, unregisterLeanBatchNormGradient } from './batch-norm-gradient.js';
import { registerFusedAdamKernels, unregisterFusedAdamKernels } from './fused-adam.js';
import { registerLeanReductionGradients, unregisterLeanReductionGradients } from './reduction-gradients.js';
import { simdKernelsOfBackend } from './simd-kernels.js';
import { registerLeanTileGradient, unregisterLeanTileGradient } from './tile-gradient.js';
import {
  addMissingWasmKernels,
  MISSING_WASM_KERNELS,
  REPLACED_WASM_KERNELS,
  registerWasmTrainingKernels,
  unregisterWasmTrainingKernels,
} from './wasm-training-kernels.js';

/** The gradients normprop replaces on every backend (tfjs-core's registry). */
export const REPLACED_GRADIENTS = ['FusedBatchNorm', 'Tile', 'Sum', 'Mean'] as const;

/** tfjs's wasm package is loaded (its kernels are registered), whether or not the backend runs. */
const wasmLoaded = (): boolean => tf.getKernel('Conv2D', 'wasm') !== undefined;

let current: KernelSet = 'stock';

/**
 * Puts the set's kernels in place. Stock restores every tfjs kernel and gradient; on wasm it keeps
 * only the Conv2DBackpropFilter that tfjs 4.22 lacks (nothing of tfjs's is replaced by it).
 */
export function useKernels(set: KernelSet): void {
  if (wasmLoaded()) addMissingWasmKernels();
  if (set === 'normprop') {
    registerLeanBatchNormGradient();
    registerLeanTileGradient();
    registerLeanReductionGradients();
    registerFusedAdamKernels();
    if (wasmLoaded()) registerWasmTrainingKernels();
  } else {
    unregisterLeanBatchNormGradient();
    unregisterLeanTileGradient();
    unregisterLeanReductionGradients();
    unregisterFusedAdamKernels();
    unregisterWasmTrainingKernels();
  }
  current = set;
}

export const kernelSetInUse = (): KernelSet => current;

const require = createRequire(import.meta.url);
const versionOf = (name: string): string | undefined => {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return undefined;
  }
};

/** The tfjs packages the system under test is made of, with their versions (those installed). */
export function tfjsPackages(): Record<string, string> {
  const names = [
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-core',
    '@tensorflow/tfjs-layers',
    '@tensorflow/tfjs-backend-cpu',
  ];
  if (wasmLoaded()) names.push('@tensorflow/tfjs-backend-wasm');
  return Object.fromEntries(names.flatMap((n) => (versionOf(n) ? [[n, versionOf(n)!]] : [])));
}

/** What ran under a check now: the kernel set, what it replaced or added on this backend, the packages. */
export function kernelProvenance(): KernelProvenance {
  const onWasm = tf.getBackend() === 'wasm';
  const added = onWasm ? { added: [...MISSING_WASM_KERNELS] } : {};
  const packages = tfjsPackages();
  if (current === 'stock') return { set: 'stock', ...added, packages };
  const replaced = [
    ...REPLACED_GRADIENTS.map((k) => `${k} gradient`),
    'Adam (fused NormpropAdamStep)',
    ...(onWasm ? REPLACED_WASM_KERNELS.map((k) => `wasm ${k}`) : []),
  ];
  const simdModule = onWasm
    ? { simdModule: simdKernelsOfBackend(tf.backend()) ? ('validated' as const) : ('js-fallback' as const) }
    : {};
  return { set: 'normprop', replaced, ...added, ...simdModule, packages };
}

export { KERNEL_SETS, kernelSetFrom, parseKernelSet, type KernelSet } from './kernel-set-choice.js';
export { describeKernels, type KernelProvenance } from './kernel-provenance.js';
