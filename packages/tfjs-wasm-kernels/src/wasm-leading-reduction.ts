import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { simdKernelsOfBackend } from './simd-kernels.js';

/**
 * Sum and Mean over a leading run of axes (BatchNorm's moments over [N, H, W] of an NHWC tensor) for
 * wasm, without the transpose tfjs's wasm kernels make first. tfjs moves the reduced axes last and
 * then adds each output's terms one by one in float32 from 0 (Sum.cc, Mean.cc), in the order of the
 * leading axes; adding row after row of the untransposed [rows, cols] view into a float32 accumulator
 * per column adds the same terms in the same order, so the results are bit-identical.
 */

export interface ReductionBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

type KernelArgs<B> = { inputs: Record<string, TensorInfo>; backend: B; attrs?: NamedAttrMap };
export type ReductionKernel<B extends ReductionBackend> = (args: KernelArgs<B>) => TensorInfo;

/** k when the axes, as tfjs reads them, are exactly 0..k-1 in that order and leave at least one axis; else undefined. */
export function leadingRunLength(axis: number | number[], shape: number[]): number | undefined {
  const axes = tf.util.parseAxisParam(axis, shape);
  if (axes.length === 0 || axes.length >= shape.length) return undefined;
  return axes.every((a, i) => a === i) ? axes.length : undefined;
}

/**
 * The float32 loop the SIMD kernel (simd-kernels.wat) stands in for, bit for bit: where the runtime
 * cannot share the backend's memory, and as the reference its test compares with.
 */
export function sumLeadingJs(src: Float32Array, acc: Float32Array, rows: number, cols: number, mean: boolean): void {
  acc.fill(0);
  // Each store into the Float32Array rounds the double sum of two float32s: float32 addition exactly.
  for (let r = 0, base = 0; r < rows; r++, base += cols) {
    for (let c = 0; c < cols; c++) acc[c] += src[base + c];
  }
  if (mean) {
    // Mean.cc divides the float sum by reduce_size converted to float.
    const n = Math.fround(rows);
    for (let c = 0; c < cols; c++) acc[c] /= n;
  }
}

function reduceLeading(x: TensorInfo, k: number, keepDims: boolean, mean: boolean, backend: ReductionBackend) {
  const rows = x.shape.slice(0, k).reduce((a, b) => a * b, 1);
  const kept = x.shape.slice(k);
  const cols = kept.reduce((a, b) => a * b, 1);
  const out = backend.makeOutput(keepDims ? [...x.shape.slice(0, k).map(() => 1), ...kept] : kept, 'float32');
  // Views after makeOutput: growing the wasm heap detaches earlier ones.
  const acc = backend.typedArrayFromHeap(out);
  const src = backend.typedArrayFromHeap(x);
  const simd = simdKernelsOfBackend(backend);
  if (simd) simd.sumLeading(src.byteOffset, acc.byteOffset, rows, cols, mean);
  else sumLeadingJs(src, acc, rows, cols, mean);
  return out;
}

/**
 * A wasm Sum or Mean kernel: float32 inputs reduced over a leading run go through the loop above,
 * everything else (other axes, int32 or bool, an empty or fully reduced tensor, where tfjs needs no
 * transpose) to tfjs's own kernel, `stock`.
 */
export function leadingReductionKernel<B extends ReductionBackend>(
  op: 'sum' | 'mean',
  stock: ReductionKernel<B>,
): ReductionKernel<B> {
  return (args) => {
    const { x } = args.inputs as { x: TensorInfo };
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const k = leadingRunLength(axis, x.shape);
    if (k === undefined || x.dtype !== 'float32' || tf.util.sizeFromShape(x.shape) === 0) return stock(args);
    return reduceLeading(x, k, keepDims, op === 'mean', args.backend);
  };
}
