import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';
import { gradientOverride } from './gradient-override.js';

/**
 * A leaner gradient for FusedBatchNorm (tf.batchNorm), the op every BN layer runs. tfjs's own
 * tiles rsqrt(variance) to the full input shape and makes about 14 passes over the activations;
 * this one broadcasts the per-channel factors and shares the two reductions, 5 passes in all.
 * Same formulas (tfjs-core gradients/FusedBatchNorm_grad.ts); only the evaluation order differs.
 * Used for per-channel statistics (mean of rank 1); anything else goes to tfjs's gradient.
 */
const leanGradient: GradConfig = {
  kernelName: 'FusedBatchNorm',
  inputsToSave: ['x', 'mean', 'variance', 'scale'],
  gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
    const [x, mean, variance, scale] = saved;
    if (mean.rank !== 1 || Array.isArray(dy)) return override.stock().gradFunc(dy, saved, attrs);
    const epsilon = attrs.varianceEpsilon as number;
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
    const scaleValue = scale ?? tf.scalar(1);
    const rsqrtVariance = tf.rsqrt(tf.add(variance, tf.scalar(epsilon)));
    const xMinusMean = tf.sub(x, mean);
    const sumDy = tf.sum(dy, axes);
    const sumDyXMinusMean = tf.sum(tf.mul(dy, xMinusMean), axes);
    return {
      x: () => tf.mul(dy, tf.mul(scaleValue, rsqrtVariance)),
      mean: () => tf.mul(tf.neg(tf.mul(rsqrtVariance, scaleValue)), sumDy),
      variance: () =>
        tf.mul(tf.mul(tf.mul(tf.pow(rsqrtVariance, tf.scalar(3)), tf.scalar(-0.5)), scaleValue), sumDyXMinusMean),
      scale: () => tf.mul(rsqrtVariance, sumDyXMinusMean),
      offset: () => sumDy.clone(),
    };
  },
};

const override = gradientOverride(leanGradient);

/** Replaces tfjs's FusedBatchNorm gradient with the lean one (all backends); safe to call more than once. */
export const registerLeanBatchNormGradient = override.register;
export const unregisterLeanBatchNormGradient = override.unregister;

/** tfjs's own gradient, kept for properties that compare the two. */
export const stockBatchNormGradient = override.stock;

export { leanGradient as leanBatchNormGradient };
