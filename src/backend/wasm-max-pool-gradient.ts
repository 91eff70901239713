import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

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
  const { batchSize, inHeight, inWidth, inChannels: channels, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, effectiveFilterHeight, effectiveFilterWidth } = info;
  const dx = backend.makeOutput(input.shape, 'float32');
  // Views after makeOutput: growing the wasm heap detaches earlier ones.
  const out = backend.typedArrayFromHeap(dx);
  const xs = backend.typedArrayFromHeap(input);
  const dys = backend.typedArrayFromHeap(dy);
  const sums = new Float64Array(out.length);
  // One window's running max and its input offset, per channel (NHWC keeps channels contiguous).
  const best = new Float64Array(channels);
  const at = new Int32Array(channels);
  let n = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const top = oh * strideHeight - info.padInfo.top;
      const hMin = Math.max(0, top);
      const hMax = Math.min(inHeight, top + effectiveFilterHeight);
      for (let ow = 0; ow < outWidth; ow++, n += channels) {
        const left = ow * strideWidth - info.padInfo.left;
        const wMin = Math.max(0, left);
        const wMax = Math.min(inWidth, left + effectiveFilterWidth);
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
  return dx;
}
