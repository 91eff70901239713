import * as tf from '@tensorflow/tfjs';
import type { GradConfig } from '@tensorflow/tfjs';

/**
 * Puts a leaner gradient in place of tfjs's for one kernel (for every backend), keeping tfjs's own
 * for fallbacks, for the properties that compare the two, and to put back when the stock kernel set
 * is chosen. Registering or unregistering twice is a no-op.
 */
export function gradientOverride(lean: GradConfig) {
  let stock: GradConfig | undefined;
  let registered = false;
  // tfjs's gradient is read before normprop's ever replaces it (this module is the only one that does).
  const captureStock = (): GradConfig => {
    stock ??= tf.getGradient(lean.kernelName);
    if (stock === undefined) throw new Error(`tfjs has no ${lean.kernelName} gradient to replace`);
    return stock;
  };
  return {
    register: (): void => {
      if (registered) return;
      captureStock();
      tf.registerGradient(lean);
      registered = true;
    },
    /** Puts tfjs's own gradient back. */
    unregister: (): void => {
      if (!registered) return;
      tf.registerGradient(captureStock());
      registered = false;
    },
    isRegistered: (): boolean => registered,
    /** tfjs's own gradient. */
    stock: captureStock,
  };
}
