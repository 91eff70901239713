import { BACKEND_NAMES } from '../backend/candidates.js';
import { KERNEL_SETS, type KernelSet } from '../backend/kernel-set-choice.js';
import type { OptionSpec } from './options.js';

/** `--backend`, declared once for every command that starts TF.js. */
export const BACKEND_OPTION: OptionSpec = {
  name: 'backend',
  type: 'string',
  placeholder: 'NAME',
  description: 'TF.js backend (or set NORMPROP_BACKEND)',
  choices: ['auto', ...BACKEND_NAMES],
};

/** `--threads`, for the wasm backend: XNNPACK threads; 1 is tfjs's own single-threaded build. */
export const THREADS_OPTION: OptionSpec = {
  name: 'threads',
  type: 'integer',
  placeholder: 'N',
  description: 'wasm threads (or set NORMPROP_THREADS; default: every core this process may use)',
  min: 1,
  max: 64,
};

/**
 * `--kernels`: stock (tfjs as installed) or normprop (normprop's accelerator). No parsed default: the
 * command's own default applies only when NORMPROP_KERNELS is unset too (kernelSetFrom).
 */
export function kernelsOption(commandDefault: KernelSet, why: string): OptionSpec {
  return {
    name: 'kernels',
    type: 'string',
    placeholder: 'SET',
    description: `kernel set: stock = tfjs as installed, normprop = normprop's accelerated kernels (or set NORMPROP_KERNELS; default here ${commandDefault}: ${why})`,
    choices: KERNEL_SETS,
  };
}
