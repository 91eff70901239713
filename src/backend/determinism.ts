/**
 * Whether a backend gives the same numbers for the same seed, run after run. Pure data, so reports
 * can say it without loading TF.js. "Known" means: checked here (wasm, cpu: a property and the
 * goldens), or documented by the library underneath (the others).
 */
export interface Determinism {
  deterministic: boolean;
  note: string;
}

export const BACKEND_DETERMINISM: Record<string, Determinism> = {
  wasm: {
    deterministic: true,
    note: 'fixed summation order with any thread count (XNNPACK gives each thread whole outputs, never part of a sum): the same seed gives the same trace, with 1 thread or 2 (checked by properties and by bit-identical goldens)',
  },
  cpu: {
    deterministic: true,
    note: 'plain JavaScript on one thread: the same seed gives the same trace (checked by a property)',
  },
  node: {
    deterministic: false,
    note: "libtensorflow's CPU kernels split reductions over a thread pool, so float32 sums can change order from run to run",
  },
  'node-gpu': {
    deterministic: false,
    note: "cuDNN kernels (convolution gradients among them) add with atomics in no fixed order, and TensorFlow 2.9's determinism switch is not reachable from tfjs",
  },
  webgpu: {
    deterministic: false,
    note: 'parallel GPU reductions have no guaranteed order; not checked on a GPU (the webgpu slice runs on Mesa software Vulkan)',
  },
};

export function determinismOf(backend: string): Determinism {
  return BACKEND_DETERMINISM[backend] ?? { deterministic: false, note: 'an unknown backend: determinism not known' };
}

/** One line for reports, or undefined for a deterministic backend. */
export function nonDeterminismWarning(backend: string): string | undefined {
  const d = determinismOf(backend);
  return d.deterministic
    ? undefined
    : `backend ${backend} is known not to be deterministic (${d.note}): the same seed can give slightly different figures, so a small mismatch there may be noise, not a regression`;
}
