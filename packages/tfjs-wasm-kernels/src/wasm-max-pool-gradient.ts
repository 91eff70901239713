import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { simdKernelsOfBackend } from './simd-kernels.js';
import { windowGeometry, type WindowGeometry } from './window-geometry.js';

/**
 * MaxPoolGrad for wasm, equal to the cpu backend's bit for bit. tfjs 4.22's wasm kernel starts each
 * window's running max at FLT_MIN (the smallest positive float) at input offset 0 and keeps the last
 * of equal maxima, so a window with no value above FLT_MIN sends its gradient to the tensor's first
 * element (lost unless the window holds it), and ties go to the last maximum (normprop's known-bug
 * row K-tfjs-wasm-maxpool-gradient).
 * This follows the cpu kernel (pool_utils maxPoolPositions, MaxPoolGrad): the max starts at -Infinity
 * with no position, a later value wins only if strictly greater (so the first of equal maxima wins,
 * and a window of NaN or -Infinity routes nothing), and each input element adds the gradients routed
 * to it in a double, window by window in row-major order, rounded to float32 once at the end.
 */

export interface MaxPoolGradBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: object): boolean;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export function maxPoolGradWasm(args: {
  inputs: Record<string, TensorInfo>;
  backend: MaxPoolGradBackend;
  attrs?: NamedAttrMap;
}): TensorInfo {
  const { inputs, backend } = args;
  const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = args.attrs as unknown as MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const geometry = windowGeometry(info);
  const dx = backend.makeOutput(input.shape, 'float32');
  const kernels = simdKernelsOfBackend(backend);
  if (kernels === undefined) {
    // Views after makeOutput: growing the wasm heap detaches earlier ones.
    const xs = backend.typedArrayFromHeap(input);
    maxPoolGradJs(xs, backend.typedArrayFromHeap(dy), backend.typedArrayFromHeap(dx), geometry);
    return dx;
  }
  const scratch = backend.makeOutput([maxPoolGradScratchFloats(geometry)], 'float32');
  try {
    const at = (t: TensorInfo) => backend.typedArrayFromHeap(t).byteOffset;
    kernels.maxPoolGrad(at(input), at(dy), at(dx), at(scratch), geometry);
  } finally {
    backend.disposeData(scratch.dataId);
  }
  return dx;
}

/** Floats of scratch the SIMD module's maxPoolGrad needs: a double per input element, a double and an int per channel. */
export function maxPoolGradScratchFloats(g: WindowGeometry): number {
  return 2 * g.batch * g.inHeight * g.inWidth * g.channels + 3 * g.channels;
}

/** The reference loop (and the fallback where the SIMD module cannot run): xs and out NHWC, dys the pool's output shape. */
export function maxPoolGradJs(xs: Float32Array, dys: Float32Array, out: Float32Array, g: WindowGeometry): void {
  const { batch, inHeight, inWidth, channels, outHeight, outWidth } = g;
  const sums = new Float64Array(out.length);
  // One window's running max and its input offset, per channel (NHWC keeps channels contiguous).
  const best = new Float64Array(channels);
  const at = new Int32Array(channels);
  let n = 0;
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * g.strideHeight - g.padTop;
      const hMin = Math.max(0, top);
      const hMax = Math.min(inHeight, top + g.windowHeight);
      for (let ow = 0; ow < outWidth; ow++, n += channels) {
        const left = ow * g.strideWidth - g.padLeft;
        const wMin = Math.max(0, left);
        const wMax = Math.min(inWidth, left + g.windowWidth);
        best.fill(-Infinity);
        at.fill(-1);
        for (let h = hMin; h < hMax; h++) {
          for (let w = wMin; w < wMax; w++) {
            const base = ((b * inHeight + h) * inWidth + w) * channels;
            for (let c = 0; c < channels; c++) {
              const v = xs[base + c];
              if (v > best[c]) {
                best[c] = v;
                at[c] = base + c;
              }
            }
          }
        }
        for (let c = 0; c < channels; c++) if (at[c] >= 0) sums[at[c]] += dys[n + c];
      }
    }
  }
  out.set(sums);
}
