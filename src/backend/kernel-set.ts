// Which kernels run under the claims: tfjs as shipped ('stock'), or normprop's accelerator
// ('normprop': the @normprop/tfjs-wasm-kernels package, installed as one set). A verdict is about the
// library a reader installs, so every check and record names the set it ran on (kernelProvenance).
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { addMissingKernels, installKernels, kernelsInPlace, uninstallKernels } from '@normprop/tfjs-wasm-kernels';
import type { KernelSet } from './kernel-set-choice.js';
import type { KernelProvenance } from './kernel-provenance.js';

let current: KernelSet = 'stock';

/**
 * Puts the set's kernels in place. Stock restores every tfjs kernel and gradient; on wasm it keeps
 * only the Conv2DBackpropFilter that tfjs 4.22 lacks (nothing of tfjs's is replaced by it).
 */
export function useKernels(set: KernelSet): void {
  if (set === 'normprop') installKernels();
  else {
    uninstallKernels();
    addMissingKernels();
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
  if (tf.getKernel('Conv2D', 'wasm') !== undefined) names.push('@tensorflow/tfjs-backend-wasm');
  return Object.fromEntries(names.flatMap((n) => (versionOf(n) ? [[n, versionOf(n)!]] : [])));
}

/** What ran under a check now: the kernel set, what it replaced or added on this backend, the packages. */
export function kernelProvenance(): KernelProvenance {
  const { replaced, added, simdModule } = kernelsInPlace();
  const addedField = added.length ? { added } : {};
  const packages = tfjsPackages();
  if (current === 'stock') return { set: 'stock', ...addedField, packages };
  return { set: 'normprop', replaced, ...addedField, ...(simdModule ? { simdModule } : {}), packages };
}

export { KERNEL_SETS, kernelSetFrom, parseKernelSet, type KernelSet } from './kernel-set-choice.js';
export { describeKernels, type KernelProvenance } from './kernel-provenance.js';
