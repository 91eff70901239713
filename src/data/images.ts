import sharp, { type OutputInfo } from 'sharp';
import { InputError } from '../errors.js';
import { readRegularFile } from '../io/read-bounded.js';
import { listImageFolder } from './image-folder.js';
export { listImageFolder, type ImageFolderListing } from './image-folder.js';

/**
 * The seed's image pipeline, on sharp: every file of a folder in sorted order, one channel
 * (PIL's convert('L') luma), resized to size x size with Lanczos-3 (PIL's Image.ANTIALIAS),
 * raw 0..255 values kept as float32 (the seed does not scale).
 */
export interface ImagePipelineOptions {
  /** Side of the square the images are resized to (aspect ratio not kept, like PIL's resize). Default 197. */
  size?: number;
  /** 'raw' keeps 0..255 like the seed (default); 'unit' divides by 255. */
  scale?: 'raw' | 'unit';
  /** Images with more pixels than this are refused before decoding. Default 40,000,000 (about 6300 x 6300). */
  maxInputPixels?: number;
}

export interface ImageBatch {
  /** Absolute paths, in the order of the batch (sorted by file name). */
  files: string[];
  /** NHWC float32 pixels, shape [files.length, size, size, 1]. */
  pixels: Float32Array;
  shape: [number, number, number, number];
}

export const DEFAULT_IMAGE_SIZE = 197;
export const DEFAULT_MAX_INPUT_PIXELS = 40_000_000;
/** Larger than any 40-Mpixel image's file (16-bit RGBA, uncompressed); a bigger file is not an image to read. */
export const MAX_IMAGE_FILE_BYTES = 512 * 1024 * 1024;
/**
 * Formats decoded as they are. Vector formats (SVG, PDF) are refused: their pixels depend on a
 * renderer's size, fonts and blocked references, not on the file alone.
 */
export const RASTER_FORMATS = ['png', 'jpeg', 'webp', 'gif', 'tiff', 'avif', 'heif', 'jp2', 'jxl'];

function resolved(options: ImagePipelineOptions): Required<ImagePipelineOptions> {
  const size = options.size ?? DEFAULT_IMAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > 4096)
    throw new InputError(`image size must be an integer in [1, 4096], got ${size}`);
  return { size, scale: options.scale ?? 'raw', maxInputPixels: options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS };
}

/** PIL's convert('L'): L = (19595 R + 38470 G + 7471 B + 0x8000) >> 16, alpha dropped. */
function lumaOf(data: Buffer, channels: number): Uint8Array {
  const pixels = data.length / channels;
  const out = new Uint8Array(pixels);
  if (channels <= 2) {
    for (let i = 0; i < pixels; i++) out[i] = data[i * channels];
    return out;
  }
  for (let i = 0; i < pixels; i++) {
    const o = i * channels;
    out[i] = (data[o] * 19595 + data[o + 1] * 38470 + data[o + 2] * 7471 + 0x8000) >> 16;
  }
  return out;
}

/**
 * Decodes one image into size*size float32 values (one channel). `source` is a file path or encoded
 * bytes (generated images go through the same decoder as files); `file` names it in errors.
 */
export async function loadImage(
  source: string | Buffer,
  options: ImagePipelineOptions = {},
  file = typeof source === 'string' ? source : '<image bytes>',
): Promise<Float32Array> {
  const { size, scale, maxInputPixels } = resolved(options);
  // Read through the regular-file check: a path swapped for a FIFO since the listing must not hang.
  const bytes = typeof source === 'string' ? await readRegularFile(source, MAX_IMAGE_FILE_BYTES, 'image') : source;
  if (bytes === undefined)
    throw new InputError(`${file}: the image file is gone (removed after the folder was listed?)`);
  let decoded: { data: Buffer; info: OutputInfo };
  let format: string | undefined;
  let pages: number | undefined;
  try {
    ({ format, pages } = await sharp(bytes, { limitInputPixels: maxInputPixels }).metadata());
  } catch {
    // The decode below names the reason.
  }
  if (format !== undefined && !RASTER_FORMATS.includes(format)) {
    throw new InputError(
      `${file}: a file in ${format.toUpperCase()} format; normprop takes raster images (${RASTER_FORMATS.join(', ')}), so render it to PNG first at the size you mean`,
    );
  }
  if (pages !== undefined && pages > 1) {
    throw new InputError(
      `${file}: has ${pages} frames or pages; normprop takes single-frame images (save the frame you mean as its own file)`,
    );
  }
  try {
    // toColourspace('srgb') also brings 16-bit and CMYK images to 8-bit sRGB, so luma is computed on what PIL sees.
    decoded = await sharp(bytes, { limitInputPixels: maxInputPixels, failOn: 'error' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (/pixel limit/i.test(reason)) {
      throw new InputError(
        `${file}: image is larger than ${maxInputPixels} pixels (the documented limit); resize it first`,
      );
    }
    throw new InputError(`${file}: not an image that can be decoded (${reason})`);
  }
  const { width, height, channels } = decoded.info;
  const luma = lumaOf(decoded.data, channels);
  // sharp would hand a one-channel raw input back as sRGB; extractChannel keeps the one channel.
  const { data: resized, info } = await sharp(luma, { raw: { width, height, channels: 1 } })
    .resize(size, size, { kernel: 'lanczos3', fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1 || resized.length !== size * size) {
    throw new Error(
      `image pipeline produced ${info.channels} channels and ${resized.length} bytes for ${file}; expected 1 and ${size * size}`,
    );
  }
  const out = new Float32Array(size * size);
  const factor = scale === 'unit' ? 1 / 255 : 1;
  for (let i = 0; i < out.length; i++) out[i] = resized[i] * factor;
  return out;
}

/** The image files of a folder, sorted by name; anything else that is not hidden is refused (see listImageFolder). */
export async function listImageFiles(dir: string): Promise<string[]> {
  return (await listImageFolder(dir)).files;
}

/** Decodes the listed files (one listing for the label check and the loading: nothing changes in between). */
export async function loadImageFiles(files: string[], options: ImagePipelineOptions = {}): Promise<ImageBatch> {
  const { size } = resolved(options);
  const pixels = new Float32Array(files.length * size * size);
  for (const [i, file] of files.entries()) pixels.set(await loadImage(file, options), i * size * size);
  return { files, pixels, shape: [files.length, size, size, 1] };
}

export async function loadImageFolder(dir: string, options: ImagePipelineOptions = {}): Promise<ImageBatch> {
  resolved(options);
  return loadImageFiles((await listImageFolder(dir)).files, options);
}
