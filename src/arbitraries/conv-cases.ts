import fc from 'fast-check';

/**
 * Convolutions for the kernel checks (wasm's training kernels against cpu, webgpu against cpu): a
 * batch, kernel, strides and padding, and a seed for the values. One generator for both; the sizes
 * are bounded per backend (webgpu's checks run fewer, smaller cases).
 */
export interface ConvCase {
  batch: number;
  height: number;
  width: number;
  inChannels: number;
  outChannels: number;
  kernelHeight: number;
  kernelWidth: number;
  strides: [number, number];
  pad: 'same' | 'valid';
  seed: number;
}

export interface ConvCaseBounds {
  /** Largest batch (default 3), input height and width (default 12), input and output channels (default 5). */
  maxBatch?: number;
  maxSize?: number;
  maxChannels?: number;
}

export function convCase(bounds: ConvCaseBounds = {}): fc.Arbitrary<ConvCase> {
  const { maxBatch = 3, maxSize = 12, maxChannels = 5 } = bounds;
  return fc
    .record({
      batch: fc.integer({ min: 1, max: maxBatch }),
      height: fc.integer({ min: 1, max: maxSize }),
      width: fc.integer({ min: 1, max: maxSize }),
      inChannels: fc.integer({ min: 1, max: maxChannels }),
      outChannels: fc.integer({ min: 1, max: maxChannels }),
      // ResNet's own kinds (1x1, 3x3; stride 1 or 2) often, any other size and stride too.
      kernelHeight: fc.oneof(fc.constantFrom(1, 3), fc.integer({ min: 1, max: 5 })),
      kernelWidth: fc.oneof(fc.constantFrom(1, 3), fc.integer({ min: 1, max: 5 })),
      strides: fc.oneof(
        fc.constantFrom<[number, number]>([1, 1], [2, 2]),
        fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      ),
      pad: fc.constantFrom<'same' | 'valid'>('same', 'valid'),
      seed: fc.integer(),
    })
    .filter((c) => c.pad === 'same' || (c.kernelHeight <= c.height && c.kernelWidth <= c.width));
}

/** Every conv layer kind of ResNet50 (7x7/2 stem, 1x1, 1x1/2 projection, 3x3 same), at small sizes: run before the generated cases. */
export const RESNET50_CONV_KINDS: ConvCase[] = [
  {
    batch: 3,
    height: 9,
    width: 9,
    inChannels: 1,
    outChannels: 4,
    kernelHeight: 7,
    kernelWidth: 7,
    strides: [2, 2],
    pad: 'valid',
    seed: 1,
  },
  {
    batch: 3,
    height: 6,
    width: 6,
    inChannels: 4,
    outChannels: 8,
    kernelHeight: 1,
    kernelWidth: 1,
    strides: [1, 1],
    pad: 'valid',
    seed: 2,
  },
  {
    batch: 3,
    height: 6,
    width: 6,
    inChannels: 8,
    outChannels: 4,
    kernelHeight: 1,
    kernelWidth: 1,
    strides: [2, 2],
    pad: 'valid',
    seed: 3,
  },
  {
    batch: 3,
    height: 5,
    width: 5,
    inChannels: 4,
    outChannels: 4,
    kernelHeight: 3,
    kernelWidth: 3,
    strides: [1, 1],
    pad: 'same',
    seed: 4,
  },
];
