import path from 'node:path';

/** The three images the repro trains on by default (drawn by scripts/make-default-images.ts). */
export const DEFAULT_IMAGES_DIR = path.join(path.dirname(new URL(import.meta.url).pathname), 'default-images');
