#!/usr/bin/env -S npx tsx
// Draws the three default training images of the repro (a disk, stripes, a gradient), 256x256
// grayscale PNGs, so the seed case runs without anyone's photos. Deterministic: rerunning gives
// the same files.
import path from 'node:path';
import sharp from 'sharp';
import { defineCommand, runCommand } from '../src/cli/command.js';
import { DEFAULT_IMAGES_DIR } from '../src/settings.js';

const SIZE = 256;
const drawings: Record<string, (x: number, y: number) => number> = {
  '1-disk.png': (x, y) => (Math.hypot(x - 127.5, y - 127.5) < 80 ? 230 : 25),
  '2-stripes.png': (x) => (Math.floor(x / 32) % 2 === 0 ? 220 : 40),
  '3-gradient.png': (x, y) => Math.round(((x + y) / (2 * (SIZE - 1))) * 255),
};

async function drawImages(): Promise<void> {
  for (const [name, draw] of Object.entries(drawings)) {
    const pixels = Buffer.alloc(SIZE * SIZE);
    for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) pixels[y * SIZE + x] = draw(x, y);
    const file = path.join(DEFAULT_IMAGES_DIR, name);
    await sharp(pixels, { raw: { width: SIZE, height: SIZE, channels: 1 } })
      .png({ compressionLevel: 9 })
      .toFile(file);
    console.log(`wrote ${file}`);
  }
}

await runCommand(
  defineCommand({
    name: 'images:default',
    usage: 'npm run images:default',
    summary:
      "Draws the repro's three default training images (a disk, stripes, a gradient) into src/data/default-images.",
    options: [],
    run: drawImages,
  }),
);
