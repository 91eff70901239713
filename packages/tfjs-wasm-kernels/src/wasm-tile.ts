import type { TensorInfo } from '@tensorflow/tfjs';

/**
 * Tile for wasm as block copies. tfjs's wasm Tile computes a source index per output element;
 * tfjs LayerNormalization tiles mean, variance, gamma and beta to the full input shape in every
 * call, and that kernel took 3.9 s of a 10.6 s ResNet50 LayerNorm step at 64x64. Tiling axis d by
 * r repeats each contiguous block (axis d and everything after it) r times in place, so working
 * from the last axis to the first, every step is TypedArray.set (or fill, for one-element blocks).
 */
export interface TileBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

export function tileFloat32(x: TensorInfo, reps: number[], backend: TileBackend): TensorInfo {
  const outShape = x.shape.map((s, i) => s * reps[i]);
  const out = backend.makeOutput(outShape, 'float32');
  // Views are taken after makeOutput: growing the wasm heap detaches earlier ones.
  const dst = backend.typedArrayFromHeap(out);
  const src = backend.typedArrayFromHeap(x);
  if (dst.length === 0) return out;
  // Each tiled axis writes a new array; the outermost one writes straight into the output.
  let current: Float32Array = src;
  const shape = [...x.shape];
  const outermostTiled = reps.findIndex((r) => r !== 1);
  for (let d = shape.length - 1; d >= 0; d--) {
    const r = reps[d];
    if (r === 1) continue;
    const block = shape.slice(d).reduce((p, s) => p * s, 1);
    const outer = current.length / block;
    const next = d === outermostTiled ? dst : new Float32Array(current.length * r);
    for (let o = 0; o < outer; o++) {
      const from = o * block;
      const to = o * block * r;
      if (block === 1) next.fill(current[from], to, to + r);
      else for (let k = 0; k < r; k++) next.set(current.subarray(from, from + block), to + k * block);
    }
    current = next;
    shape[d] *= r;
  }
  if (current !== dst) dst.set(current);
  return out;
}
