import type { SimdKernels } from './simd-kernels.js';
import type { WindowGeometry } from './window-geometry.js';

/** Floats gatherTaps writes: one row of `positions` per (tap, channel). */
export function gatheredLength(g: WindowGeometry): number {
  return g.windowHeight * g.windowWidth * g.channels * g.batch * g.outHeight * g.outWidth;
}

/**
 * colT[(i*kw+j)*channels + c, n]: the input value filter tap (i,j), channel c met at output position
 * n = (b, oh, ow), zero in the padding. src is the input channel-major ([channels, batch, inH, inW]),
 * so each output row reads one input row. The reference for the SIMD kernel of the same name.
 */
export function gatherTapsJs(src: Float32Array, dst: Float32Array, g: WindowGeometry): void {
  const { windowHeight: kh, windowWidth: kw, channels, batch, inHeight, inWidth, outHeight, outWidth } = g;
  let k = 0;
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      for (let c = 0; c < channels; c++) {
        for (let b = 0; b < batch; b++) {
          for (let oh = 0; oh < outHeight; oh++) {
            const h = oh * g.strideHeight + i - g.padTop;
            if (h < 0 || h >= inHeight) {
              dst.fill(0, k, k + outWidth);
              k += outWidth;
              continue;
            }
            const row = ((c * batch + b) * inHeight + h) * inWidth;
            for (let ow = 0; ow < outWidth; ow++) {
              const w = ow * g.strideWidth + j - g.padLeft;
              dst[k++] = w >= 0 && w < inWidth ? src[row + w] : 0;
            }
          }
        }
      }
    }
  }
}

/** gatherTaps on the wasm heap: the SIMD kernel where the runtime has one, else the JS loop. */
export function gatherTaps(
  heap: { src: Float32Array; dst: Float32Array },
  g: WindowGeometry,
  kernels: SimdKernels | undefined,
): void {
  if (kernels === undefined) return gatherTapsJs(heap.src, heap.dst, g);
  kernels.gatherTaps(heap.src.byteOffset, heap.dst.byteOffset, g);
}
