// What a check or record says it ran on, and how a report writes it: data only, no TF.js, so the
// reports read it without loading the backend.

export type KernelProvenance =
  | { set: 'stock'; added?: string[]; packages: Record<string, string> }
  | {
      set: 'normprop';
      replaced: string[];
      added?: string[];
      /** wasm only: normprop's SIMD module ran, or this runtime could not validate it and the JS loops ran. */
      simdModule?: 'validated' | 'js-fallback';
      packages: Record<string, string>;
    };

/** One line for a report header or a command's log. */
export function describeKernels(p: KernelProvenance): string {
  const added = p.added?.length ? `; normprop adds ${p.added.join(', ')}, which tfjs lacks` : '';
  if (p.set === 'stock') return `kernels: stock (tfjs as installed${added})`;
  const simd = p.simdModule ? `, SIMD module ${p.simdModule}` : '';
  return `kernels: normprop (replaces ${p.replaced.join(', ')}${simd}${added})`;
}
