// The kernel set a command asked for, read without loading TF.js (commands answer --help and bad
// flags before TF.js loads); kernel-set.ts puts the set in place.
import { BackendUnavailableError } from '../errors.js';
import { setting } from '../settings.js';

export const KERNEL_SETS = ['stock', 'normprop'] as const;
export type KernelSet = (typeof KERNEL_SETS)[number];

const KERNELS_ENV = 'NORMPROP_KERNELS';

export function parseKernelSet(value: string, source: string): KernelSet {
  if ((KERNEL_SETS as readonly string[]).includes(value)) return value as KernelSet;
  throw new BackendUnavailableError(
    `Unknown kernel set "${value}" (from ${source}). Choose one of: ${KERNEL_SETS.join(', ')}.`,
  );
}

/** The set from a `--kernels` flag if given, else NORMPROP_KERNELS, else the command's own default. */
export function kernelSetFrom(
  flag: string | undefined,
  commandDefault: KernelSet,
  env: NodeJS.ProcessEnv = process.env,
): KernelSet {
  if (flag !== undefined) return parseKernelSet(flag, '--kernels');
  const fromEnv = setting(KERNELS_ENV, env);
  return fromEnv === undefined ? commandDefault : parseKernelSet(fromEnv, `the ${KERNELS_ENV} environment variable`);
}
