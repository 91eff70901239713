import type { AdamAttrs } from './adam-attrs.js';
import type { WindowGeometry } from './window-geometry.js';
import { SIMD_KERNELS_SHARED, SIMD_KERNELS_UNSHARED } from './simd-kernels.generated.js';

/**
 * normprop's SIMD kernels (simd-kernels.wat), instantiated on the wasm backend's own memory so they
 * read and write tfjs's tensors in place: a second wasm module cannot reach another's heap except by
 * importing its Memory object. Each gives the very bits of the JS loop it stands in for.
 */
export interface SimdKernels {
  /** dst[c] = sum over r of src[r*cols + c] in float32, rows in order; then / float32(rows) if mean. Byte offsets. */
  sumLeading(src: number, dst: number, rows: number, cols: number, mean: boolean): void;
  /** One Adam step over n weights (byte offsets), as fused-adam.ts's adamStep computes it. */
  adamStep(
    pointers: { value: number; m: number; v: number; g: number; outValue: number; outM: number; outV: number },
    n: number,
    attrs: AdamAttrs,
  ): void;
  /** gather-taps.ts's gatherTapsJs from the channel-major input at byte offset src into dst. */
  gatherTaps(src: number, dst: number, geometry: WindowGeometry): void;
  /** wasm-max-pool-gradient.ts's maxPoolGradJs on byte offsets; scratch holds maxPoolGradScratchFloats floats. */
  maxPoolGrad(x: number, dy: number, dx: number, scratch: number, geometry: WindowGeometry): void;
  /** wasm-transpose.ts's transposeBatchedJs on byte offsets. */
  transposeBatched(src: number, dst: number, batches: number, rows: number, cols: number): void;
}

interface RawExports {
  sumLeading(src: number, dst: number, rows: number, cols: number, mean: number): void;
  adamStep(...args: number[]): void;
  gatherTaps(...args: number[]): void;
  maxPoolGrad(...args: number[]): void;
  transposeBatched(src: number, dst: number, batches: number, rows: number, cols: number): void;
}

const compiled = new Map<'shared' | 'unshared', WebAssembly.Module | null>();
const instances = new WeakMap<WebAssembly.Memory, SimdKernels | null>();

function moduleFor(kind: 'shared' | 'unshared'): WebAssembly.Module | null {
  if (!compiled.has(kind)) {
    const bytes = Buffer.from(kind === 'shared' ? SIMD_KERNELS_SHARED : SIMD_KERNELS_UNSHARED, 'base64');
    // A runtime without wasm SIMD (or threads, for the shared one) keeps the JS loops.
    compiled.set(kind, WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null);
  }
  return compiled.get(kind)!;
}

/** The kernels bound to `memory`, or undefined where this runtime cannot run them. */
export function simdKernelsFor(memory: WebAssembly.Memory): SimdKernels | undefined {
  if (!instances.has(memory)) {
    const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
    const module = moduleFor(shared ? 'shared' : 'unshared');
    instances.set(memory, module && bind(new WebAssembly.Instance(module, { env: { memory } }).exports as never));
  }
  return instances.get(memory) ?? undefined;
}

/** A window's geometry in the order both wasm kernels that take one declare it. */
function windowArgs(g: WindowGeometry): number[] {
  return [
    g.batch,
    g.inHeight,
    g.inWidth,
    g.channels,
    g.outHeight,
    g.outWidth,
    g.strideHeight,
    g.strideWidth,
    g.padTop,
    g.padLeft,
    g.windowHeight,
    g.windowWidth,
  ];
}

function bind(raw: RawExports): SimdKernels {
  return {
    sumLeading: (src, dst, rows, cols, mean) => raw.sumLeading(src, dst, rows, cols, mean ? 1 : 0),
    adamStep: (p, n, h) =>
      raw.adamStep(
        p.value,
        p.m,
        p.v,
        p.g,
        p.outValue,
        p.outM,
        p.outV,
        n,
        h.learningRate,
        h.beta1,
        h.beta2,
        h.epsilon,
        h.oneMinusAccBeta1,
        h.oneMinusAccBeta2,
      ),
    gatherTaps: (src, dst, g) => raw.gatherTaps(src, dst, ...windowArgs(g)),
    maxPoolGrad: (x, dy, dx, scratch, g) => raw.maxPoolGrad(x, dy, dx, scratch, ...windowArgs(g)),
    transposeBatched: (src, dst, batches, rows, cols) => raw.transposeBatched(src, dst, batches, rows, cols),
  };
}

/**
 * The Memory of a running tfjs wasm backend: the threaded build keeps the one normprop passes it as
 * `wasmMemory`, the single-threaded build exports its own (`asm.memory`).
 */
export function wasmBackendMemory(backend: unknown): WebAssembly.Memory | undefined {
  const module = (backend as { wasm?: { wasmMemory?: unknown; asm?: { memory?: unknown } } }).wasm;
  const memory = module?.wasmMemory ?? module?.asm?.memory;
  return memory instanceof WebAssembly.Memory ? memory : undefined;
}

/** The kernels for the running wasm backend's heap, if it has one this runtime can share. */
export function simdKernelsOfBackend(backend: unknown): SimdKernels | undefined {
  const memory = wasmBackendMemory(backend);
  return memory && simdKernelsFor(memory);
}
