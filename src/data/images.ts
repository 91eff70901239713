import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type OutputInfo } from 'sharp';
import { InputError } from '../errors.js';
export { DEFAULT_IMAGES_DIR } from './default-images.js';

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

function resolved(options: ImagePipelineOptions): Required<ImagePipelineOptions> {
  const size = options.size ?? DEFAULT_IMAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > 4096) throw new InputError(`image size must be an integer in [1, 4096], got ${size}`);
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
export async function loadImage(source: string | Buffer, options: ImagePipelineOptions = {}, file = typeof source === 'string' ? source : '<image bytes>'): Promise<Float32Array> {
  const { size, scale, maxInputPixels } = resolved(options);
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    // toColourspace('srgb') also brings 16-bit and CMYK images to 8-bit sRGB, so luma is computed on what PIL sees.
    decoded = await sharp(source, { limitInputPixels: maxInputPixels, failOn: 'error' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    if (/pixel limit/i.test(reason)) {
      throw new InputError(`${file}: image is larger than ${maxInputPixels} pixels (the documented limit); resize it first`);
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
    throw new Error(`image pipeline produced ${info.channels} channels and ${resized.length} bytes for ${file}; expected 1 and ${size * size}`);
  }
  const out = new Float32Array(size * size);
  const factor = scale === 'unit' ? 1 / 255 : 1;
  for (let i = 0; i < out.length; i++) out[i] = resized[i] * factor;
  return out;
}

/** The image files of a folder, sorted by name (code-point order, the same on every machine). Hidden files are skipped. */
export async function listImageFiles(dir: string): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${dir}: cannot read the images folder (${code === 'ENOENT' ? 'it does not exist' : code === 'ENOTDIR' ? 'it is not a folder' : String(error)})`);
  }
  const files: string[] = [];
  for (const name of entries.filter((n) => !n.startsWith('.')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const full = path.resolve(dir, name);
    if ((await stat(full)).isFile()) files.push(full);
  }
  if (files.length === 0) throw new InputError(`${dir}: the images folder has no image files`);
  return files;
}

export async function loadImageFolder(dir: string, options: ImagePipelineOptions = {}): Promise<ImageBatch> {
  const { size } = resolved(options);
  const files = await listImageFiles(dir);
  const pixels = new Float32Array(files.length * size * size);
  for (const [i, file] of files.entries()) pixels.set(await loadImage(file, options), i * size * size);
  return { files, pixels, shape: [files.length, size, size, 1] };
}
