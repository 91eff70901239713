import { createHash } from 'node:crypto';

/** The hex sha256 of some bytes (a file's, a decoded image's pixels, a checkpoint's state). */
export const sha256Hex = (bytes: ArrayBufferView): string =>
  createHash('sha256')
    .update(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    .digest('hex');
