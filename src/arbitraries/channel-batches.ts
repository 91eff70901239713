import fc from 'fast-check';

/** A rank-2 batch for one BatchNormalization update: m samples of `channels` channels, values from `seed`. */
export interface ChannelBatch {
  m: number;
  channels: number;
  seed: number;
}

export const channelBatch: fc.Arbitrary<ChannelBatch> = fc.record({
  m: fc.integer({ min: 2, max: 8 }),
  channels: fc.integer({ min: 1, max: 3 }),
  seed: fc.integer(),
});
