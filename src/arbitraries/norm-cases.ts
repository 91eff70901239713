import fc from 'fast-check';
import { seededValues } from '../stats/seeded-values.js';

/**
 * The generated inputs of the normalization-layer properties: batches given by a shape and a seed,
 * a spec's cases (a batch, the spec's hyper-parameters and a gamma/beta seed), momenta and epsilons;
 * and the one way a batch's values and a case's gamma and beta are made from their seeds.
 */

/** Data ranges the values are scaled and shifted to: unit-like and raw-pixel-like. */
export const DATA_SCALES: readonly number[] = [1, 10, 127.5];
export const DATA_SHIFTS: readonly number[] = [0, 0.5, 127.5];

export interface SeededBatch {
  /** Channel last: (N, C) or (N, H, W, C). */
  shape: number[];
  valuesSeed: number;
  /** Values are seeded uniform in [-1, 1) times scale, plus shift. */
  scale: number;
  shift: number;
}

export interface NormCase extends SeededBatch {
  /** The spec's hyper-parameters (e.g. GroupNorm's groups). */
  params: Record<string, number>;
  affineSeed: number;
}

/** What a case generator reads of a layer's spec (a NormSpec has it; arbitraries come before src/norm). */
export interface NormCaseLayer {
  ranks: number[];
  parameters(channels: number): fc.Arbitrary<Record<string, number>>;
}

function shapeArb(rank: number): fc.Arbitrary<number[]> {
  const channels = fc.integer({ min: 1, max: 6 });
  return rank === 2
    ? fc.tuple(fc.integer({ min: 2, max: 6 }), channels)
    : fc.tuple(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        channels,
      );
}

/** A case of one of the layer's ranks, with hyper-parameters it accepts for that many channels. */
export function normCaseArb(
  layer: NormCaseLayer,
  data: { scales: readonly number[]; shifts: readonly number[] } = { scales: DATA_SCALES, shifts: DATA_SHIFTS },
): fc.Arbitrary<NormCase> {
  return fc
    .constantFrom(...layer.ranks)
    .chain(shapeArb)
    .chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        params: layer.parameters(shape[shape.length - 1]),
        valuesSeed: fc.integer(),
        scale: fc.constantFrom(...data.scales),
        shift: fc.constantFrom(...data.shifts),
        affineSeed: fc.integer(),
      }),
    );
}

/** The BatchNorm layer claims' batches (C01-C04): (N, H, W, C) with 2-4 samples or (N, C) with 2-6, up to 4 channels. */
export const bnBatch: fc.Arbitrary<SeededBatch> = fc.record({
  shape: fc.oneof(
    fc.tuple(
      fc.integer({ min: 2, max: 4 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: 4 }),
    ),
    fc.tuple(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 4 })),
  ),
  valuesSeed: fc.integer(),
  scale: fc.constantFrom(...DATA_SCALES),
  shift: fc.constantFrom(...DATA_SHIFTS),
});

/** Momenta of running statistics: the edges and the usual values, and any in [0, 1]. */
export const momentumArb = fc.oneof(
  fc.constantFrom(0, 0.01, 0.5, 0.9, 0.99, 1),
  fc.double({ min: 0, max: 1, noNaN: true }),
);

/** Momenta whose powers fall below 1e-6 within 400 updates (0.95^270 does). */
export const forgettingMomentumArb = fc.double({ min: 0, max: 0.95, noNaN: true });

/**
 * Epsilons: tfjs's and Keras' default, Keras ResNet50's 1.001e-5, and a large one whose effect shows.
 * A counterexample shrinks to 1e-3 (the first), never to a degenerate 0.
 */
export const epsilonArb = fc.constantFrom(1e-3, 1.001e-5, 0.1);

const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

/** The batch's values, as its seed, scale and shift give them. */
export const valuesOf = (b: SeededBatch): Float32Array =>
  seededValues(size(b.shape), b.valuesSeed).map((v) => v * b.scale + b.shift);

/** gamma (kept away from 0: 1.5 +- 1) and beta (in [-1, 1)) of `count` values, from one seed. */
export function seededAffine(count: number, seed: number): { gamma: Float32Array; beta: Float32Array } {
  return { gamma: seededValues(count, seed).map((v) => v + 1.5), beta: seededValues(count, seed + 1) };
}
