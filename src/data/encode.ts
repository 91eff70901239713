import sharp from 'sharp';
import { loadImage, type ImagePipelineOptions } from './images.js';
import type { ImageBatch } from './images.js';

/** Grey pixels -> PNG bytes, so generated images reach the model through the real decoder. */
export async function encodePng(pixels: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(pixels, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
}

/** Encodes each picture as PNG and decodes it with the repro's pipeline into one batch. */
export async function batchFromPictures(
  pictures: { name: string; pixels: Uint8Array; size: number }[],
  options: ImagePipelineOptions,
): Promise<ImageBatch> {
  const size = options.size ?? 197;
  const all = new Float32Array(pictures.length * size * size);
  for (const [i, p] of pictures.entries()) {
    const png = await encodePng(p.pixels, p.size, p.size);
    all.set(await loadImage(png, options, p.name), i * size * size);
  }
  return { files: pictures.map((p) => p.name), pixels: all, shape: [pictures.length, size, size, 1] };
}
