import type { TensorInfo } from '@tensorflow/tfjs';
import { simdKernelsOfBackend } from './simd-kernels.js';

export interface TransposeBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

/** dst[b, c, r] = src[b, r, c] for `batches` [rows, cols] matrices: the reference for the SIMD kernel. */
export function transposeBatchedJs(src: Float32Array, dst: Float32Array, batches: number, rows: number, cols: number) {
  for (let b = 0, base = 0; b < batches; b++, base += rows * cols) {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) dst[base + c * rows + r] = src[base + r * cols + c];
    }
  }
}

/**
 * A float32 tensor read as [batches, rows, cols], transposed to [batches, cols, rows] and given
 * `shape`. tfjs's wasm Transpose writes one column at a time (a cache miss per float on a large
 * filter: 13 ms for 3x3x512x512); the SIMD module moves 4x4 blocks.
 */
export function transposeLastTwo(
  backend: TransposeBackend,
  x: TensorInfo,
  dims: { batches: number; rows: number; cols: number },
  shape: number[],
): TensorInfo {
  const { batches, rows, cols } = dims;
  const out = backend.makeOutput(shape, 'float32');
  // Views after makeOutput: growing the wasm heap detaches earlier ones.
  const src = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  if (src.length !== batches * rows * cols || dst.length !== src.length) {
    throw new Error(`transposeLastTwo: ${src.length} floats read as [${batches}, ${rows}, ${cols}] into ${shape}`);
  }
  const kernels = simdKernelsOfBackend(backend);
  if (kernels === undefined) transposeBatchedJs(src, dst, batches, rows, cols);
  else kernels.transposeBatched(src.byteOffset, dst.byteOffset, batches, rows, cols);
  return out;
}
