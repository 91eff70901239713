import * as tf from '@tensorflow/tfjs';
import type { GradConfig } from '@tensorflow/tfjs';

/**
 * Puts a leaner gradient in place of tfjs's for one kernel (for every backend), keeping tfjs's own
 * for fallbacks and for the properties that compare the two. Registering twice is a no-op.
 */
export function gradientOverride(lean: GradConfig) {
  let stock: GradConfig | undefined;
  const register = (): void => {
    if (stock !== undefined) return;
    stock = tf.getGradient(lean.kernelName);
    if (stock === undefined) throw new Error(`tfjs has no ${lean.kernelName} gradient to replace`);
    tf.registerGradient(lean);
  };
  return {
    register,
    /** tfjs's own gradient (registers the lean one first, so both exist). */
    stock: (): GradConfig => {
      register();
      return stock!;
    },
  };
}
