import fc from 'fast-check';
import { seededValues } from '../stats/seeded-values.js';

/**
 * A rank-2 batch whose per-channel statistics are set exactly: m samples of `channels` channels, each
 * channel standardized (mean 0, population variance 1) and then moved to `mean` and scaled by `std`.
 * The bounds keep shrinking away from degenerate data: m >= 2, |mean| >= 0.25 (a moving mean at 0 has
 * something to move to) and std >= 1.5 (a batch variance of 2.25 or more, never the initial 1 or 0).
 */
export interface ShiftedBatch {
  m: number;
  channels: number;
  mean: number;
  std: number;
  seed: number;
}

export const shiftedBatch: fc.Arbitrary<ShiftedBatch> = fc.record({
  m: fc.integer({ min: 2, max: 8 }),
  channels: fc.integer({ min: 1, max: 3 }),
  // Quarter steps: shrinks to 0.25, never to 0.
  mean: fc.tuple(fc.integer({ min: 1, max: 16 }), fc.boolean()).map(([q, negative]) => ((negative ? -1 : 1) * q) / 4),
  // Half steps from 1.5: shrinks to 1.5.
  std: fc.integer({ min: 0, max: 5 }).map((k) => 1.5 + k / 2),
  seed: fc.integer(),
});

/** The batch's values, row-major [m, channels]. Each channel's m values are distinct seeded draws, so never constant. */
export function shiftedValues(b: ShiftedBatch): Float32Array {
  const raw = seededValues(b.m * b.channels, b.seed);
  const out = new Float32Array(raw.length);
  for (let ch = 0; ch < b.channels; ch++) {
    let mean = 0;
    for (let i = 0; i < b.m; i++) mean += raw[i * b.channels + ch] / b.m;
    let variance = 0;
    for (let i = 0; i < b.m; i++) variance += (raw[i * b.channels + ch] - mean) ** 2 / b.m;
    const sd = Math.sqrt(variance);
    for (let i = 0; i < b.m; i++) out[i * b.channels + ch] = b.mean + (b.std * (raw[i * b.channels + ch] - mean)) / sd;
  }
  return out;
}

/** A sequence of 1-4 such batches of one shape (k training updates), each with its own statistics. */
export interface BatchSequence {
  m: number;
  channels: number;
  batches: { mean: number; std: number; seed: number }[];
}

export const batchSequence: fc.Arbitrary<BatchSequence> = fc
  .record({ m: fc.integer({ min: 2, max: 8 }), channels: fc.integer({ min: 1, max: 3 }) })
  .chain(({ m, channels }) =>
    fc
      .array(shiftedBatch, { minLength: 1, maxLength: 4 })
      .map((bs) => ({ m, channels, batches: bs.map(({ mean, std, seed }) => ({ mean, std, seed })) })),
  );

export const sequenceValues = (s: BatchSequence): Float32Array[] =>
  s.batches.map((b) => shiftedValues({ ...b, m: s.m, channels: s.channels }));
