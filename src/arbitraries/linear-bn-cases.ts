import fc from 'fast-check';

/**
 * Cases for a tfjs linear layer (dense or conv2d, 'valid' padding) followed by a tfjs BatchNormalization
 * layer: generated shapes and a seed for the values, the setting of Ioffe & Szegedy §3.1-3.3.
 */
export interface LinearBnCase {
  kind: 'dense' | 'conv';
  /** Batch size. */
  m: number;
  inC: number;
  outC: number;
  /** Conv only: input height = width, and kernel size (at most the input size). */
  size: number;
  kernel: number;
  seed: number;
}

export const linearBnCase: fc.Arbitrary<LinearBnCase> = fc
  .record({
    kind: fc.constantFrom<'dense' | 'conv'>('dense', 'conv'),
    m: fc.integer({ min: 2, max: 6 }),
    inC: fc.integer({ min: 1, max: 4 }),
    outC: fc.integer({ min: 1, max: 4 }),
    size: fc.integer({ min: 2, max: 4 }),
    kernel: fc.integer({ min: 1, max: 2 }),
    seed: fc.integer(),
  })
  .map((c) => (c.kind === 'dense' ? { ...c, size: 1, kernel: 1 } : c));

/** The conv cases only (BN folded into the conv before it). */
export const convBnCase: fc.Arbitrary<LinearBnCase> = linearBnCase.filter((c) => c.kind === 'conv');
