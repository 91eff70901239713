import * as tf from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc, TensorInfo, NamedAttrMap } from '@tensorflow/tfjs';
import { leadingReductionKernel } from './wasm-leading-reduction.js';
import { gatherTaps } from './gather-taps.js';
import { simdKernelsOfBackend } from './simd-kernels.js';
import { maxPoolGradWasm } from './wasm-max-pool-gradient.js';
import { transposeLastTwo } from './wasm-transpose.js';
import { windowGeometry } from './window-geometry.js';
import { tileFloat32 } from './wasm-tile.js';

/**
 * Kernels the wasm backend lacks for training conv nets (tfjs issue 8474: no Conv2DBackpropFilter),
 * built from the backend's own fast kernels so the heavy work runs in XNNPACK.
 */

interface WasmBackendLike {
  disposeData(dataId: object): boolean;
  incRef(dataId: object): void;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(info: TensorInfo): Float32Array;
}

type KernelArgs = { inputs: Record<string, TensorInfo>; backend: WasmBackendLike; attrs?: NamedAttrMap };

type Shape4D = [number, number, number, number];

/** The attributes both conv gradient kernels receive (tfjs-core's Conv2DBackprop*Attrs). */
interface ConvGradientAttrs {
  strides: [number, number] | number;
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function wasmKernel(name: string): (args: KernelArgs) => TensorInfo {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) throw new Error(`The wasm backend has no ${name} kernel to build on.`);
  return config.kernelFunc as unknown as (args: KernelArgs) => TensorInfo;
}

/** a . b on XNNPACK's GEMM (tfjs's wasm BatchMatMul), neither operand transposed: its only fast form. */
function matMul(a: TensorInfo, b: TensorInfo, backend: WasmBackendLike): TensorInfo {
  return wasmKernel('BatchMatMul')({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
}

/**
 * dW, read as a [kh*kw*ci, co] matrix, is colT . dy: colT[(i*kw+j)*ci+c, n] is the input value that
 * filter tap (i,j), channel c met at output position n (zero in the padding), and dy is [n, co] with
 * n = (b, oh, ow). XNNPACK runs that product at convolution speed, but only with a non-transposed
 * left operand (transposed products fall to a plain loop, about 15x slower), so colT is built
 * transposed: the input is first put channel-major (wasm-transpose.ts), then gathered per tap
 * (gather-taps.ts: a memory.copy per row on the SIMD module, 1.6-7.5x the JS loop on ResNet50's convs).
 */
function conv2dBackpropFilterWasm(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as ConvGradientAttrs & {
    filterShape: Shape4D;
  };
  if (dataFormat === 'NCHW') {
    throw new Error('normprop Conv2DBackpropFilter for wasm supports only NHWC (channelsLast), like wasm Conv2D.');
  }
  const info = tf.backend_util.computeConv2DInfo(x.shape as Shape4D, filterShape, strides, 1, pad, dimRoundingMode);
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const positions = batchSize * outHeight * outWidth;

  const temporaries: TensorInfo[] = [];
  const keep = (t: TensorInfo) => (temporaries.push(t), t);
  try {
    // NHWC read as [positions, channels] -> [channels, batch, inHeight, inWidth]
    const channelMajor = keep(
      transposeLastTwo(backend, x, { batches: 1, rows: batchSize * inHeight * inWidth, cols: inChannels }, [
        inChannels,
        batchSize,
        inHeight,
        inWidth,
      ]),
    );
    let colT: TensorInfo;
    if (kh === 1 && kw === 1 && sh === 1 && sw === 1 && padTop === 0 && padLeft === 0) {
      // A pointwise conv: the channel-major input already is colT.
      colT = keep(
        wasmKernel('Reshape')({ inputs: { x: channelMajor }, backend, attrs: { shape: [inChannels, positions] } }),
      );
    } else {
      colT = keep(backend.makeOutput([kh * kw * inChannels, positions], 'float32'));
      // Views after makeOutput: growing the wasm heap detaches earlier ones.
      const heap = { src: backend.typedArrayFromHeap(channelMajor), dst: backend.typedArrayFromHeap(colT) };
      gatherTaps(heap, windowGeometry(info), simdKernelsOfBackend(backend));
    }
    const reshape = wasmKernel('Reshape');
    const dyMatrix = keep(reshape({ inputs: { x: dy }, backend, attrs: { shape: [positions, outChannels] } }));
    const product = keep(matMul(colT, dyMatrix, backend));
    return reshape({ inputs: { x: product }, backend, attrs: { shape: [kh, kw, inChannels, outChannels] } });
  } finally {
    for (const t of temporaries) backend.disposeData(t.dataId);
  }
}

/**
 * W[kh,kw,ci,co] -> W'[kh-1-i, kw-1-j, co, ci], the spatial flip and channel swap the input gradient
 * needs: the flip reverses the order of kh*kw contiguous [ci,co] blocks (plain copies), the swap
 * transposes each block (wasm-transpose.ts). (wasm's Reverse kernel alone took 160 ms on a 3x3x512x512
 * filter, its Transpose 13 ms.)
 */
function flipAndSwapFilter(
  filter: TensorInfo,
  backend: WasmBackendLike,
  keep: (t: TensorInfo) => TensorInfo,
): TensorInfo {
  const [kh, kw, ci, co] = filter.shape;
  const taps = kh * kw;
  const block = ci * co;
  const flipped = keep(backend.makeOutput([taps, ci, co], 'float32'));
  const src = backend.typedArrayFromHeap(filter);
  const dst = backend.typedArrayFromHeap(flipped);
  for (let t = 0; t < taps; t++) dst.set(src.subarray(t * block, (t + 1) * block), (taps - 1 - t) * block);
  return keep(transposeLastTwo(backend, flipped, { batches: taps, rows: ci, cols: co }, [kh, kw, co, ci]));
}

/**
 * The input gradient of a strided conv as col2im: cols = dy[n, co] . W^T[co, (i,j,c)] on XNNPACK's
 * fast GEMM, then each column entry is added back to the input position its tap read. For stride s
 * this does 1/s^2 of the work of convolving the zero-dilated dy (and never convolves to a single
 * output channel, which XNNPACK runs slowly: ResNet's 7x7/2 stem took 360 ms that way).
 */
function conv2dBackpropInputCol2im(
  dy: TensorInfo,
  filter: TensorInfo,
  info: tf.backend_util.Conv2DInfo,
  backend: WasmBackendLike,
  keep: (t: TensorInfo) => TensorInfo,
): TensorInfo {
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const padTop = info.padInfo.top;
  const padLeft = info.padInfo.left;
  const taps = kh * kw * inChannels;
  const cols = keep(filterColumns(dy, filter, backend, keep));
  const dx = backend.makeOutput([batchSize, inHeight, inWidth, inChannels], 'float32');
  const out = backend.typedArrayFromHeap(dx);
  const src = backend.typedArrayFromHeap(cols);
  out.fill(0);
  let n = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++, n++) {
        for (let i = 0; i < kh; i++) {
          const h = oh * sh + i - padTop;
          if (h < 0 || h >= inHeight) continue;
          for (let j = 0; j < kw; j++) {
            const w = ow * sw + j - padLeft;
            if (w < 0 || w >= inWidth) continue;
            const from = n * taps + (i * kw + j) * inChannels;
            const to = ((b * inHeight + h) * inWidth + w) * inChannels;
            for (let c = 0; c < inChannels; c++) out[to + c] += src[from + c];
          }
        }
      }
    }
  }
  return dx;
}

/**
 * cols[n, (i,j,ci)] = dy[n, co] . W^T[co, (i,j,ci)]: what each output position sends back through
 * each filter tap, on XNNPACK's GEMM (one transpose of the filter, then a GEMM's weight packing).
 */
function filterColumns(
  dy: TensorInfo,
  filter: TensorInfo,
  backend: WasmBackendLike,
  keep: (t: TensorInfo) => TensorInfo,
): TensorInfo {
  const [kh, kw, inChannels, outChannels] = filter.shape;
  const taps = kh * kw * inChannels;
  const positions = dy.shape[0] * dy.shape[1] * dy.shape[2];
  const wT = keep(
    transposeLastTwo(backend, filter, { batches: 1, rows: taps, cols: outChannels }, [outChannels, taps]),
  );
  const reshape = wasmKernel('Reshape');
  const dyMatrix = keep(reshape({ inputs: { x: dy }, backend, attrs: { shape: [positions, outChannels] } }));
  return matMul(dyMatrix, wT, backend);
}

/**
 * The input gradient of a 1x1, stride-1 conv needs no col2im: its columns already are dx. Two
 * transposes and a conv's packing fewer than the conv route (1.1-1.7x faster on ResNet50's shapes,
 * the same bits: both sum over co in order).
 */
function pointwiseInputGradient(
  dy: TensorInfo,
  filter: TensorInfo,
  backend: WasmBackendLike,
  keep: (t: TensorInfo) => TensorInfo,
): TensorInfo {
  const cols = keep(filterColumns(dy, filter, backend, keep));
  const [batch, height, width] = dy.shape;
  const shape = [batch, height, width, filter.shape[2]];
  return wasmKernel('Reshape')({ inputs: { x: cols }, backend, attrs: { shape } });
}

let stockConv2dBackpropInput: ((args: KernelArgs) => TensorInfo) | undefined;

/**
 * For stride 1, dx[b,h,w,ci] = sum over i,j,co of dy[b, h+padTop-i, w+padLeft-j, co] * W[i,j,ci,co]:
 * a convolution of dy with the filter flipped in space and with ci and co swapped, on XNNPACK's
 * Conv2D. Strided convs go through col2im. tfjs's own wasm kernel is a plain loop.
 */
function conv2dBackpropInputWasm(args: KernelArgs): TensorInfo {
  const { inputs, backend, attrs } = args;
  const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as ConvGradientAttrs & {
    inputShape: Shape4D;
  };
  if (dataFormat === 'NCHW') return stockConv2dBackpropInput!(args);
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape as Shape4D, strides, 1, pad, dimRoundingMode);
  const { filterHeight: kh, filterWidth: kw, inHeight, inWidth, strideHeight, strideWidth, outHeight, outWidth } = info;
  const topPad = kh - 1 - info.padInfo.top;
  const leftPad = kw - 1 - info.padInfo.left;
  // Past-the-end rows that no output reached get zero gradient: pad for them, crop any excess.
  const bottomPad = Math.max(0, inHeight + kh - 1 - outHeight - topPad);
  const rightPad = Math.max(0, inWidth + kw - 1 - outWidth - leftPad);
  if (topPad < 0 || leftPad < 0) return stockConv2dBackpropInput!(args);

  const temporaries: TensorInfo[] = [];
  const keep = (t: TensorInfo) => (temporaries.push(t), t);
  try {
    if (strideHeight > 1 || strideWidth > 1) return conv2dBackpropInputCol2im(dy, filter, info, backend, keep);
    if (kh === 1 && kw === 1 && outHeight === inHeight && outWidth === inWidth) {
      return pointwiseInputGradient(dy, filter, backend, keep);
    }
    const swapped = flipAndSwapFilter(filter, backend, keep);
    const dx = wasmKernel('Conv2D')({
      inputs: { x: dy, filter: swapped },
      backend,
      attrs: {
        strides: [1, 1],
        dilations: [1, 1],
        pad: [
          [0, 0],
          [topPad, bottomPad],
          [leftPad, rightPad],
          [0, 0],
        ],
        dataFormat: 'NHWC',
      } as unknown as NamedAttrMap,
    });
    if (dx.shape[1] === inHeight && dx.shape[2] === inWidth) return dx;
    keep(dx);
    return wasmKernel('Slice')({
      inputs: { x: dx },
      backend,
      attrs: { begin: [0, 0, 0, 0], size: [-1, inHeight, inWidth, -1] },
    });
  } finally {
    for (const t of temporaries) backend.disposeData(t.dataId);
  }
}

/**
 * Identity by reference: tfjs's engine clones every tensor it saves for the backward pass (about
 * 1,600 clones per ResNet50 step), and wasm's Identity copies the data each time. TF.js tensors are
 * immutable (a variable's assign swaps its data, never writes into it), so sharing the data with a
 * reference count, as the cpu backend and wasm's own Reshape do, is safe and free.
 */
let stockIdentity: ((args: KernelArgs) => TensorInfo) | undefined;
function identityByReference(args: KernelArgs): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  if (x.dtype === 'string') return stockIdentity!(args);
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

/**
 * Cast to the dtype a tensor already has shares its data too: wasm's Cast copies it. tfjs-core's
 * moments and Relu gradient cast float32 to float32, 182 full-size copies per ResNet50 step.
 */
let stockCast: ((args: KernelArgs) => TensorInfo) | undefined;
function castByReference(args: KernelArgs): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  return args.attrs?.dtype === x.dtype ? identityByReference(args) : stockCast!(args);
}

let stockTile: ((args: KernelArgs) => TensorInfo) | undefined;
function tileByBlocks(args: KernelArgs): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  if (x.dtype !== 'float32') return stockTile!(args);
  return tileFloat32(x, args.attrs!.reps as number[], args.backend);
}

/** tfjs's own wasm kernels, read before normprop's first replaced them: fallbacks, and what `uninstall` puts back. */
const stockConfigs = new Map<string, KernelConfig>();

/** The wasm kernels normprop puts in place of tfjs's own (Conv2DBackpropFilter, which tfjs lacks, is added, not replaced). */
export const REPLACED_WASM_KERNELS = [
  'Conv2DBackpropInput',
  'Identity',
  'Cast',
  'Tile',
  'Sum',
  'Mean',
  'MaxPoolGrad',
] as const;

/** The wasm kernel tfjs 4.22 does not have at all (tfjs issue 8474): without it no conv net trains on wasm. */
export const MISSING_WASM_KERNELS = ['Conv2DBackpropFilter'] as const;

/** tfjs's original wasm kernel `name` (the stock one whether or not normprop's is installed now). */
export function stockWasmKernel(name: string): (args: KernelArgs) => TensorInfo {
  const stock = captureStock(name);
  if (stock === undefined) throw new Error(`tfjs has no wasm ${name} kernel (was the wasm backend imported?)`);
  return stock.kernelFunc as unknown as (args: KernelArgs) => TensorInfo;
}

function captureStock(name: string): KernelConfig | undefined {
  if (!stockConfigs.has(name)) {
    const config = tf.getKernel(name, 'wasm');
    if (config === undefined) return undefined;
    stockConfigs.set(name, config);
  }
  return stockConfigs.get(name);
}

/** normprop's kernel for each replaced name, built on tfjs's own as its fallback. */
function replacements(): [string, (args: KernelArgs) => TensorInfo][] {
  const stock = (name: string) => captureStock(name)?.kernelFunc as unknown as (args: KernelArgs) => TensorInfo;
  stockConv2dBackpropInput = stock('Conv2DBackpropInput');
  stockIdentity = stock('Identity');
  stockCast = stock('Cast');
  stockTile = stock('Tile');
  const kernels: [string, (args: KernelArgs) => TensorInfo][] = [
    ['Conv2DBackpropInput', conv2dBackpropInputWasm],
    ['Identity', identityByReference],
    ['Cast', castByReference],
    ['Tile', tileByBlocks],
    ['MaxPoolGrad', maxPoolGradWasm],
    ['Sum', leadingReductionKernel('sum', stock('Sum'))],
    ['Mean', leadingReductionKernel('mean', stock('Mean'))],
  ];
  return kernels.filter(([name]) => captureStock(name) !== undefined);
}

function put(kernelName: string, kernelFunc: (args: KernelArgs) => TensorInfo): void {
  if (tf.getKernel(kernelName, 'wasm') !== undefined) tf.unregisterKernel(kernelName, 'wasm');
  // A replaced kernel keeps tfjs's setup function: it binds the wasm function that tfjs's own
  // kernel, still used as the fallback, calls.
  tf.registerKernel({
    kernelName,
    backendName: 'wasm',
    kernelFunc: kernelFunc as unknown as KernelFunc,
    setupFunc: stockConfigs.get(kernelName)?.setupFunc,
  });
}

/** Adds the wasm Conv2DBackpropFilter tfjs lacks (replacing nothing); safe to call more than once. */
export function addMissingWasmKernels(): void {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm') === undefined) put('Conv2DBackpropFilter', conv2dBackpropFilterWasm);
}

let installed = false;

/**
 * Registers normprop's training kernels for wasm: the missing Conv2DBackpropFilter, a faster
 * Conv2DBackpropInput (tfjs's stays as the fallback for layouts this one does not cover), an
 * Identity and a same-dtype Cast that share data instead of copying it, a Tile made of block copies, Sum and Mean over
 * leading axes without a transpose, and a MaxPoolGrad that agrees with the cpu backend.
 * Safe to call more than once.
 */
export function registerWasmTrainingKernels(): void {
  if (installed) return;
  addMissingWasmKernels();
  for (const [name, kernelFunc] of replacements()) put(name, kernelFunc);
  installed = true;
}

/** Puts tfjs's own wasm kernels back (the added Conv2DBackpropFilter stays: tfjs has none to put back). */
export function unregisterWasmTrainingKernels(): void {
  if (!installed) return;
  for (const name of REPLACED_WASM_KERNELS) {
    const stock = stockConfigs.get(name);
    if (stock === undefined) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel(stock);
  }
  installed = false;
}

export const wasmTrainingKernelsInstalled = (): boolean => installed;
