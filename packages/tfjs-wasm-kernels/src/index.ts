// The package's one entry: normprop's accelerated tfjs kernels, put in place and taken out as one set.
// Nothing here knows about the normprop harness; the harness imports only this module.
import * as tf from '@tensorflow/tfjs';
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

/** The gradients this package replaces on every backend (tfjs-core's gradient registry). */
export const REPLACED_GRADIENTS = ['FusedBatchNorm', 'Tile', 'Sum', 'Mean'] as const;
export { MISSING_WASM_KERNELS, REPLACED_WASM_KERNELS };

/** tfjs's wasm package is loaded (its kernels are registered), whether or not its backend runs now. */
const wasmLoaded = (): boolean => tf.getKernel('Conv2D', 'wasm') !== undefined;

let installed = false;

/**
 * Adds the wasm kernel tfjs lacks (Conv2DBackpropFilter, tfjs issue 8474), replacing nothing of
 * tfjs's: without it no conv net trains on wasm. installKernels() does this too.
 */
export function addMissingKernels(): void {
  if (wasmLoaded()) addMissingWasmKernels();
}

/**
 * Puts every kernel of the package in place of tfjs's: the FusedBatchNorm, Tile, Sum and Mean
 * gradients, the fused Adam kernel (used by `adam()`), and on wasm (once @tensorflow/tfjs-backend-wasm
 * is imported) the training kernels. Safe to call more than once.
 */
export function installKernels(): void {
  addMissingKernels();
  registerLeanBatchNormGradient();
  registerLeanTileGradient();
  registerLeanReductionGradients();
  registerFusedAdamKernels();
  if (wasmLoaded()) registerWasmTrainingKernels();
  installed = true;
}

/** Puts tfjs's own kernels and gradients back; the added Conv2DBackpropFilter stays (tfjs has none). */
export function uninstallKernels(): void {
  unregisterLeanBatchNormGradient();
  unregisterLeanTileGradient();
  unregisterLeanReductionGradients();
  unregisterFusedAdamKernels();
  unregisterWasmTrainingKernels();
  installed = false;
}

export const kernelsInstalled = (): boolean => installed;

/** What is in place on the current backend now: replaced and added kernels, and whether the SIMD module runs. */
export function kernelsInPlace(): {
  replaced: string[];
  added: string[];
  simdModule?: 'validated' | 'js-fallback';
} {
  const onWasm = tf.getBackend() === 'wasm';
  const added = onWasm && tf.getKernel('Conv2DBackpropFilter', 'wasm') ? [...MISSING_WASM_KERNELS] : [];
  if (!installed) return { replaced: [], added };
  const replaced = [
    ...REPLACED_GRADIENTS.map((k) => `${k} gradient`),
    'Adam (fused NormpropAdamStep)',
    ...(onWasm ? REPLACED_WASM_KERNELS.map((k) => `wasm ${k}`) : []),
  ];
  if (!onWasm) return { replaced, added };
  return { replaced, added, simdModule: simdKernelsOfBackend(tf.backend()) ? 'validated' : 'js-fallback' };
}

export { adam, ADAM_KERNEL, FusedAdamOptimizer } from './fused-adam.js';
export { stockBatchNormGradient } from './batch-norm-gradient.js';
export { stockWasmKernel } from './wasm-training-kernels.js';
export { simdKernelsOfBackend, wasmBackendMemory } from './simd-kernels.js';
