import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';

/**
 * Kernels the wasm backend lacks for training conv nets (tfjs issue 8474: no Conv2DBackpropFilter),
 * built from the backend's own fast kernels so the heavy work runs in XNNPACK.
 */

interface WasmBackendLike {
  disposeData(dataId: object): boolean;
}

type KernelArgs = { inputs: Record<string, TensorInfo>; backend: WasmBackendLike; attrs?: NamedAttrMap };

function wasmKernel(name: string): (args: KernelArgs) => TensorInfo {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) throw new Error(`The wasm backend has no ${name} kernel to build on.`);
  return config.kernelFunc as unknown as (args: KernelArgs) => TensorInfo;
}

/**
 * dW[kh,kw,ci,co] = sum over b,oh,ow of x[b, oh*s+kh-padTop, ow*s+kw-padLeft, ci] * dy[b,oh,ow,co].
 * Read with ci as the batch, b as the input channels and dy as the filter, that sum is a stride-1
 * convolution whose filter taps are s apart (dilation s): conv(x^T[ci,H,W,b], dy^T[oh,ow,b,co]).
 */
function conv2dBackpropFilterWasm(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: [number, number] | number;
    pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  if (dataFormat === 'NCHW') {
    throw new Error('normprop Conv2DBackpropFilter for wasm supports only NHWC (channelsLast), like wasm Conv2D.');
  }
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { filterHeight: kh, filterWidth: kw, inHeight, inWidth, strideHeight, strideWidth } = info;
  const { outHeight, outWidth } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  // Pad so that the result has at least kh x kw taps; rows or columns past the last one any output
  // touched (valid padding with a stride that does not divide evenly) are cropped below instead.
  const padBottom = Math.max(0, kh + (outHeight - 1) * strideHeight - inHeight - padTop);
  const padRight = Math.max(0, kw + (outWidth - 1) * strideWidth - inWidth - padLeft);

  const transpose = wasmKernel('Transpose');
  const conv2d = wasmKernel('Conv2D');
  const temporaries: TensorInfo[] = [];
  const keep = (t: TensorInfo) => (temporaries.push(t), t);
  try {
    const xT = keep(transpose({ inputs: { x }, backend, attrs: { perm: [3, 1, 2, 0] } }));
    const dyT = keep(transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } }));
    let grad = keep(
      conv2d({
        inputs: { x: xT, filter: dyT },
        backend,
        attrs: {
          strides: [1, 1],
          dilations: [strideHeight, strideWidth],
          pad: [
            [0, 0],
            [padTop, padBottom],
            [padLeft, padRight],
            [0, 0],
          ],
          dataFormat: 'NHWC',
        } as unknown as NamedAttrMap,
      }),
    );
    if (grad.shape[1] !== kh || grad.shape[2] !== kw) {
      const slice = wasmKernel('Slice');
      grad = keep(slice({ inputs: { x: grad }, backend, attrs: { begin: [0, 0, 0, 0], size: [-1, kh, kw, -1] } }));
    }
    const result = transpose({ inputs: { x: grad }, backend, attrs: { perm: [1, 2, 0, 3] } });
    return result;
  } finally {
    for (const t of temporaries) backend.disposeData(t.dataId);
  }
}

/** Inserts s-1 zeros between neighbouring rows and columns: [b,h,w,c] -> [b,(h-1)s+1,(w-1)s+1,c]. */
function dilateSpatially(x: TensorInfo, sh: number, sw: number, backend: WasmBackendLike, keep: (t: TensorInfo) => TensorInfo) {
  if (sh === 1 && sw === 1) return x;
  const [b, h, w, c] = x.shape;
  const reshape = wasmKernel('Reshape');
  const view = keep(reshape({ inputs: { x }, backend, attrs: { shape: [b, h, 1, w, 1, c] } }));
  const padded = keep(
    wasmKernel('PadV2')({
      inputs: { x: view },
      backend,
      attrs: { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 } as unknown as NamedAttrMap,
    }),
  );
  const spread = keep(reshape({ inputs: { x: padded }, backend, attrs: { shape: [b, h * sh, w * sw, c] } }));
  return keep(
    wasmKernel('Slice')({ inputs: { x: spread }, backend, attrs: { begin: [0, 0, 0, 0], size: [b, (h - 1) * sh + 1, (w - 1) * sw + 1, c] } }),
  );
}

let stockConv2dBackpropInput: ((args: KernelArgs) => TensorInfo) | undefined;

/**
 * dx[b,h,w,ci] = sum over i,j,co of dyDilated[b, h+padTop-i, w+padLeft-j, co] * W[i,j,ci,co], which is a
 * stride-1 convolution of dy (zeros inserted for the stride) with the filter flipped in space and with
 * ci and co swapped. tfjs's own wasm kernel is a plain loop; this one runs on XNNPACK's Conv2D.
 */
function conv2dBackpropInputWasm(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as {
    strides: [number, number] | number;
    pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    inputShape: [number, number, number, number];
  };
  if (dataFormat === 'NCHW') return stockConv2dBackpropInput!(args);
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as [number, number, number, number], strides, 1, pad, dimRoundingMode);
  const { filterHeight: kh, filterWidth: kw, inHeight, inWidth, strideHeight, strideWidth, outHeight, outWidth } = info;
  const topPad = kh - 1 - info.padInfo.top;
  const leftPad = kw - 1 - info.padInfo.left;
  const dilatedHeight = (outHeight - 1) * strideHeight + 1;
  const dilatedWidth = (outWidth - 1) * strideWidth + 1;
  // Past-the-end rows that no output reached get zero gradient: pad for them, crop any excess.
  const bottomPad = Math.max(0, inHeight + kh - 1 - dilatedHeight - topPad);
  const rightPad = Math.max(0, inWidth + kw - 1 - dilatedWidth - leftPad);
  if (topPad < 0 || leftPad < 0) return stockConv2dBackpropInput!(args);

  const temporaries: TensorInfo[] = [];
  const keep = (t: TensorInfo) => (temporaries.push(t), t);
  try {
    const flipped = keep(wasmKernel('Reverse')({ inputs: { x: filter }, backend, attrs: { dims: [0, 1] } }));
    const swapped = keep(wasmKernel('Transpose')({ inputs: { x: flipped }, backend, attrs: { perm: [0, 1, 3, 2] } }));
    const dyDilated = dilateSpatially(dy, strideHeight, strideWidth, backend, keep);
    const dx = wasmKernel('Conv2D')({
      inputs: { x: dyDilated, filter: swapped },
      backend,
      attrs: {
        strides: [1, 1],
        dilations: [1, 1],
        pad: [[0, 0], [topPad, bottomPad], [leftPad, rightPad], [0, 0]],
        dataFormat: 'NHWC',
      } as unknown as NamedAttrMap,
    });
    if (dx.shape[1] === inHeight && dx.shape[2] === inWidth) return dx;
    keep(dx);
    return wasmKernel('Slice')({ inputs: { x: dx }, backend, attrs: { begin: [0, 0, 0, 0], size: [-1, inHeight, inWidth, -1] } });
  } finally {
    for (const t of temporaries) backend.disposeData(t.dataId);
  }
}

let registered = false;

/**
 * Registers normprop's training kernels for wasm: the missing Conv2DBackpropFilter and a faster
 * Conv2DBackpropInput (tfjs's stays as the fallback for layouts this one does not cover).
 * Safe to call more than once.
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  registered = true;
  const stock = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (stock !== undefined) {
    stockConv2dBackpropInput = stock.kernelFunc as unknown as (args: KernelArgs) => TensorInfo;
    tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  }
  const kernels: [string, (args: KernelArgs) => TensorInfo][] = [
    ['Conv2DBackpropFilter', conv2dBackpropFilterWasm],
    ['Conv2DBackpropInput', conv2dBackpropInputWasm],
  ];
  for (const [kernelName, kernelFunc] of kernels) {
    if (tf.getKernel(kernelName, 'wasm') !== undefined) continue;
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as KernelFunc });
  }
}
