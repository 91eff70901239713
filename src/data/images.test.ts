import { mkdtemp, writeFile, mkdir } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { DEFAULT_IMAGES_DIR } from '../settings.js';
import { DEFAULT_MAX_INPUT_PIXELS, loadImage, loadImageFolder } from './images.js';
import { labelsForFolder } from './labels.js';

let dir: string;

async function png(
  file: string,
  width: number,
  height: number,
  channels: 1 | 3 | 4,
  pixel: (x: number, y: number) => number[],
) {
  const data = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * channels);
  await sharp(data, { raw: { width, height, channels } }).png().toFile(file);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-images-'));
});

describe('the image pipeline (sharp, as the seed does it with PIL)', () => {
  it('reads every file of a folder in sorted order, resizes to 197x197 with one channel, and keeps raw 0..255 values', async () => {
    const folder = path.join(dir, 'sorted');
    await mkdir(folder);
    // Written out of order, with names whose locale order and code-point order differ.
    await png(path.join(folder, 'b.png'), 40, 30, 1, () => [200]);
    await png(path.join(folder, 'B.png'), 50, 50, 1, () => [100]);
    await png(path.join(folder, 'a.png'), 64, 20, 1, () => [10]);
    await writeFile(path.join(folder, '.DS_Store'), 'not an image');
    const batch = await loadImageFolder(folder);
    expect(batch.files.map((f) => path.basename(f))).toEqual(['B.png', 'a.png', 'b.png']);
    expect(batch.shape).toEqual([3, 197, 197, 1]);
    expect(batch.pixels).toHaveLength(3 * 197 * 197);
    // Constant images stay constant through Lanczos (its weights sum to one); values are not scaled.
    const image = (i: number) => batch.pixels.subarray(i * 197 * 197, (i + 1) * 197 * 197);
    expect(new Set(image(0))).toEqual(new Set([100]));
    expect(new Set(image(1))).toEqual(new Set([10]));
    expect(new Set(image(2))).toEqual(new Set([200]));
  });

  it('converts colour to one channel with PIL\'s convert("L") luma, dropping alpha', async () => {
    const [r, g, b] = [200, 100, 50];
    const rgb = await png(path.join(dir, 'rgb.png'), 16, 16, 3, () => [r, g, b]);
    const rgba = await png(path.join(dir, 'rgba.png'), 16, 16, 4, () => [r, g, b, 77]);
    const luma = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    expect(new Set(await loadImage(rgb, { size: 8 }))).toEqual(new Set([luma]));
    expect(new Set(await loadImage(rgba, { size: 8 }))).toEqual(new Set([luma]));
  });

  it('uses an antialiasing (Lanczos) kernel: a fine checkerboard shrinks to its mean grey, not to aliased black and white', async () => {
    const checker = await png(path.join(dir, 'checker.png'), 200, 200, 1, (x, y) => [(x + y) % 2 === 0 ? 255 : 0]);
    const values = await loadImage(checker, { size: 20 });
    for (const v of values) expect(Math.abs(v - 127.5)).toBeLessThan(8);
  });

  it('scales to 0..1 when asked', async () => {
    const raw = await loadImage(path.join(DEFAULT_IMAGES_DIR, '3-gradient.png'), { size: 32 });
    const unit = await loadImage(path.join(DEFAULT_IMAGES_DIR, '3-gradient.png'), { size: 32, scale: 'unit' });
    unit.forEach((v, i) => expect(v).toBeCloseTo(raw[i] / 255, 6));
    expect(Math.max(...raw)).toBeGreaterThan(200);
  });

  it('ships three distinct default images', async () => {
    const batch = await loadImageFolder(DEFAULT_IMAGES_DIR);
    expect(batch.files.map((f) => path.basename(f))).toEqual(['1-disk.png', '2-stripes.png', '3-gradient.png']);
    const n = 197 * 197;
    const images = [0, 1, 2].map((i) => batch.pixels.subarray(i * n, (i + 1) * n));
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      const meanAbsDiff = images[a].reduce((s, v, j) => s + Math.abs(v - images[b][j]), 0) / n;
      expect(meanAbsDiff).toBeGreaterThan(30);
    }
  });

  it('refuses what it cannot use with an error that names the file or folder', async () => {
    const corrupt = path.join(dir, 'corrupt.png');
    const good = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    await writeFile(corrupt, good.subarray(0, good.length / 2));
    await expect(loadImage(corrupt)).rejects.toThrow(InputError);
    await expect(loadImage(corrupt)).rejects.toThrow(corrupt);
    const text = path.join(dir, 'notes.txt');
    await writeFile(text, 'hello');
    await expect(loadImage(text)).rejects.toThrow(new RegExp(`${text}: not an image`));
    const big = await png(path.join(dir, 'big.png'), 300, 300, 1, () => [0]);
    await expect(loadImage(big, { maxInputPixels: 10_000 })).rejects.toThrow(
      /big\.png: image is larger than 10000 pixels/,
    );
    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    await expect(loadImageFolder(empty)).rejects.toThrow(/empty: the images folder has no image files/);
    await expect(loadImageFolder(path.join(dir, 'missing'))).rejects.toThrow(
      /missing: cannot read the images folder \(it does not exist\)/,
    );
  });

  it('refuses a truncated JPEG, naming it', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const truncated = path.join(dir, 'truncated.jpg');
    await writeFile(truncated, jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
    await expect(loadImage(truncated)).rejects.toThrow(new RegExp(`${truncated}: not an image that can be decoded`));
  });

  it('converts grey+alpha and 16-bit images to one 8-bit channel, as documented (alpha dropped, like PIL)', async () => {
    const la = path.join(dir, 'grey-alpha.png');
    const pixels = Buffer.alloc(16 * 16 * 2);
    for (let i = 0; i < 16 * 16; i++) pixels.set([90, 10], i * 2); // grey 90, almost transparent
    await sharp(pixels, { raw: { width: 16, height: 16, channels: 2 } })
      .toColourspace('b-w')
      .png()
      .toFile(la);
    expect((await sharp(la).metadata()).channels).toBe(2);
    expect(new Set(await loadImage(la, { size: 8 }))).toEqual(new Set([90]));
    const wide = path.join(dir, 'sixteen-bit.png');
    await sharp(Buffer.alloc(16 * 16 * 3, 200), { raw: { width: 16, height: 16, channels: 3 } })
      .toColourspace('rgb16')
      .png()
      .toFile(wide);
    expect((await sharp(wide).metadata()).depth).toBe('ushort');
    expect(new Set(await loadImage(wide, { size: 8 }))).toEqual(new Set([200]));
  });

  it('converts a CMYK JPEG through sRGB to one channel, as documented', async () => {
    const [r, g, b] = [200, 100, 50];
    const file = path.join(dir, 'cmyk.jpg');
    const rgb = Buffer.alloc(16 * 16 * 3).map((_, i) => [r, g, b][i % 3]);
    await sharp(rgb, { raw: { width: 16, height: 16, channels: 3 } })
      .toColourspace('cmyk')
      .jpeg({ quality: 100 })
      .toFile(file);
    const meta = await sharp(file).metadata();
    expect([meta.space, meta.channels]).toEqual(['cmyk', 4]);
    const values = new Set(await loadImage(file, { size: 8 }));
    expect(values.size).toBe(1);
    // The sRGB -> CMYK -> sRGB round trip goes through ICC profiles and is not exact (measured 117 against 124).
    const luma = (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    expect(Math.abs([...values][0] - luma)).toBeLessThanOrEqual(12);
  });

  it('refuses an image above the documented default size before decoding it (the header is enough)', async () => {
    // A real 8x8 PNG whose header is edited to claim 8000 x 8000 (64 MP > 40 MP): nothing that large is ever allocated.
    const small = await sharp(Buffer.alloc(64, 7), { raw: { width: 8, height: 8, channels: 1 } })
      .png()
      .toBuffer();
    const huge = Buffer.from(small);
    huge.writeUInt32BE(8000, 16);
    huge.writeUInt32BE(8000, 20);
    huge.writeUInt32BE(crc32(huge.subarray(12, 29)), 29);
    const file = path.join(dir, 'huge.png');
    await writeFile(file, huge);
    expect(8000 * 8000).toBeGreaterThan(DEFAULT_MAX_INPUT_PIXELS);
    await expect(loadImage(file)).rejects.toThrow(
      new RegExp(`huge\\.png: image is larger than ${DEFAULT_MAX_INPUT_PIXELS} pixels`),
    );
  });

  it('needs one label per image and at least two classes; the default is image i = class i', () => {
    const files = ['a.png', 'b.png', 'c.png'];
    expect(labelsForFolder('imgs', files)).toEqual([0, 1, 2]);
    expect(labelsForFolder('imgs', files, [0, 1, 1])).toEqual([0, 1, 1]);
    expect(() => labelsForFolder('imgs', files, [0, 1])).toThrow(/--labels: 2 label\(s\) for 3 image\(s\) in imgs/);
    expect(() => labelsForFolder('imgs', files, [2, 2, 2])).toThrow(/all 3 image\(s\) in imgs have class 2/);
    expect(() => labelsForFolder('imgs', ['a.png'])).toThrow(InputError);
  });
});
