import type fc from 'fast-check';
import type * as tf from '@tensorflow/tfjs';

/**
 * What normprop needs to know about a normalization layer to check it: how to build it, what it
 * normalizes over, what state it keeps, and which laws it obeys. One file per layer in src/norm/specs/
 * (or a folder named by NORMPROP_NORM_SPECS); the generic properties run on every spec they find.
 */

/** Hyper-parameters a spec varies (e.g. GroupNorm's groups); plain numbers so they print and serialize. */
export type NormParams = Record<string, number>;

export interface NormBuildOptions {
  name?: string;
  /** Size of the channel axis (the last one) of the input the layer will see. */
  channels: number;
  /** Absent: the layer's own default. */
  epsilon?: number;
  /** Momentum of the running statistics (absent: the layer's default); layers without running statistics ignore it. */
  momentum?: number;
}

/**
 * Which elements share one mean and variance. For a channel-last input of rank r, an element's
 * statistics group is its coordinates on the axes that are not reduced (the channel axis aside)
 * together with its channel group floor(c / channelsPerGroup).
 */
export interface StatisticsLayout {
  /** Non-channel axes the statistics are taken over, e.g. [0, 1, 2] for BatchNorm on NHWC. */
  reducedAxes: number[];
  /** Channels pooled into one statistic: 1 (BatchNorm, InstanceNorm), C / groups (GroupNorm), C (LayerNorm). */
  channelsPerGroup: number;
  /** Subtracts the mean (true) or only divides by the root mean square (RMSNorm). */
  centered: boolean;
}

/** The moving averages a layer keeps for inference, and how they start and move. */
export interface RunningStatistics {
  /** Weight names (the last part of the variable name) of the moving mean and variance. */
  meanWeight: string;
  varianceWeight: string;
  initialMean: number;
  initialVariance: number;
  /** Which batch variance is folded into the moving one: divided by N (biased) or N - 1. */
  batchVariance: 'biased' | 'unbiased';
  /**
   * How an update moves them (default 'moving-average': m * old + (1-m) * batch). 'debiased': Keras 2's
   * zero-debiased average, an accumulator from 0 divided by 1 - m^t; 'first-batch': the first update
   * takes the batch's statistics, later ones average. With m = 1 none of them moves.
   */
  update?: 'moving-average' | 'debiased' | 'first-batch';
  /** Other weights an update moves (step counters, accumulators), for the fit() law. */
  auxiliaryWeights?: string[];
}

/** The output is unchanged when every statistics group of the input is shifted and/or positively scaled. */
export interface Invariance {
  shift: boolean;
  scale: boolean;
  /** The modes in which it holds; BatchNorm's inference mode uses fixed statistics and has none. */
  modes: Array<'training' | 'inference'>;
}

export interface NormSpec {
  /** The name on the command line (`--norm <id>`); equals the spec's file name. */
  id: string;
  title: string;
  /** Input ranks the layer accepts, channel last: 2 (N, C) and/or 4 (N, H, W, C). */
  ranks: number[];
  /** The hyper-parameters the generic properties try for an input with this many channels. */
  parameters(channels: number): fc.Arbitrary<NormParams>;
  /** The hyper-parameters used for this many channels inside a ResNet. */
  modelParameters(channels: number): NormParams;
  build(options: NormBuildOptions, params: NormParams): tf.layers.Layer;
  statistics(rank: number, channels: number, params: NormParams): StatisticsLayout;
  /** Absent for layers that normalize with the current input's statistics in both modes. */
  runningStatistics?: RunningStatistics;
  /** 'equal': inference output = training-mode output. 'converges': equal once momentum^updates -> 0. */
  trainingVsInference: 'equal' | 'converges';
  invariances: Invariance[];
  /** Whether fit() trains gamma and beta (false for a frozen layer). */
  trainsAffine: boolean;
  /**
   * How many trailing axes gamma and beta span: 1 (default) for one value per channel, 3 for a
   * LayerNormalization over [H, W, C] (one value per position and channel).
   */
  affineAxes?: number;
  /** Behaviour worth knowing that the properties pin down (e.g. tfjs vs Keras 3 differences). */
  notes?: string[];
}

/** Identity with type checking, so a spec file reads as a declaration. */
export function defineNormSpec(spec: NormSpec): NormSpec {
  return spec;
}

/** Channel-last reduced axes that leave out the batch axis: the spatial ones (1..r-2). */
export function spatialAxes(rank: number): number[] {
  return Array.from({ length: Math.max(0, rank - 2) }, (_, i) => i + 1);
}

/** Every axis but the channel axis: what BatchNorm reduces. */
export function allButChannelAxis(rank: number): number[] {
  return Array.from({ length: rank - 1 }, (_, i) => i);
}

/** Divisors of n, ascending: the group counts GroupNorm can take for n channels. */
export function divisors(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i + 1).filter((d) => n % d === 0);
}
