import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../settings.js';
import { LONG_FILES, longFilesFirst } from './long-files-first.js';

describe('long files first', () => {
  it('moves the known-long files to the front and keeps the rest in the order given', () => {
    const files = [
      '/r/src/a.test.ts',
      '/r/golden/goldens.test.ts',
      '/r/src/b.test.ts',
      '/r/x/golden/goldens.test.ts.bak',
    ];
    const order = longFilesFirst(files.map((moduleId) => ({ moduleId }))).map((f) => f.moduleId);
    expect(order).toEqual([
      '/r/golden/goldens.test.ts',
      '/r/src/a.test.ts',
      '/r/src/b.test.ts',
      '/r/x/golden/goldens.test.ts.bak',
    ]);
  });

  it('every file it names exists (a renamed file would silently lose its head start)', () => {
    for (const f of LONG_FILES) expect(existsSync(path.join(PROJECT_ROOT, f)), f).toBe(true);
  });
});
