import * as tf from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs';
import { gradientOverride } from './gradient-override.js';

const BROADCAST_BACKENDS = new Set(['wasm', 'cpu']);

/**
 * Gradients for Sum and Mean that broadcast dy instead of multiplying it by a ones tensor of the
 * input's full shape. tfjs's own (gradients/Sum_grad.ts, Mean_grad.ts) fills that ones tensor in
 * JavaScript, copies it to the backend and multiplies, and Mean's then divides the full-size product:
 * four passes over the input's size where one does. BatchNorm's moments in training take this path
 * (a ResNet50 step on wasm spent 2.5% of its CPU time in makeOnesTypedArray alone).
 * dy * 1 is dy exactly, and (dy * 1) / n is dy / n, so dividing the reduced dy first and broadcasting
 * it gives tfjs's float32 values bit for bit (properties/reduction-gradients.prop.ts).
 */
function broadcastGradient(kernelName: 'Sum' | 'Mean'): GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) => {
      const [x] = saved;
      // Anything but a float32 dy keeps tfjs's gradient, whose multiply by float32 ones casts it; so do
      // backends other than wasm and cpu: webgpu's Tile (broadcastTo) reads small inputs back
      // synchronously, which needs an OffscreenCanvas that Node does not have.
      if (Array.isArray(dy) || dy.dtype !== 'float32' || !BROADCAST_BACKENDS.has(tf.getBackend()))
        return overrides[kernelName].stock().gradFunc(dy, saved, attrs);
      const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape);
      const expanded = x.shape.slice();
      for (const a of axes) expanded[a] = 1;
      const reduced = axes.reduce((n, a) => n * x.shape[a], 1);
      return {
        x: () => {
          const g = tf.reshape(dy, expanded);
          return tf.broadcastTo(kernelName === 'Mean' ? tf.div(g, reduced) : g, x.shape);
        },
      };
    },
  };
}

const leanSumGradient = broadcastGradient('Sum');
const leanMeanGradient = broadcastGradient('Mean');

const overrides = {
  Sum: gradientOverride(leanSumGradient),
  Mean: gradientOverride(leanMeanGradient),
};

/** Replaces tfjs's Sum and Mean gradients with the broadcasting ones (used on wasm and cpu); safe to call more than once. */
export function registerLeanReductionGradients(): void {
  overrides.Sum.register();
  overrides.Mean.register();
}

/** Puts tfjs's own Sum and Mean gradients back. */
export function unregisterLeanReductionGradients(): void {
  overrides.Sum.unregister();
  overrides.Mean.unregister();
}

/** tfjs's own gradients, kept for the property that compares the two. */
export const stockReductionGradient = (op: 'Sum' | 'Mean'): GradConfig => overrides[op].stock();

export const leanReductionGradient = (op: 'Sum' | 'Mean'): GradConfig =>
  op === 'Sum' ? leanSumGradient : leanMeanGradient;
