import type * as tf from '@tensorflow/tfjs';

/**
 * A window sliding over an NHWC input: a conv's filter taps or a pool's window (tfjs's Conv2DInfo,
 * which computePool2DInfo also returns, flattened). The window is the effective (dilated) size.
 */
export interface WindowGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
  windowHeight: number;
  windowWidth: number;
}

export function windowGeometry(info: tf.backend_util.Conv2DInfo): WindowGeometry {
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    channels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
    windowHeight: info.effectiveFilterHeight,
    windowWidth: info.effectiveFilterWidth,
  };
}
