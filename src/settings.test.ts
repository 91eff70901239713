import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  goldenDir,
  ledgerPartsDir,
  moduleDir,
  normSpecDirs,
  PROJECT_ROOT,
  reportsDir,
  rootFromSettingsUrl,
  setting,
  SETTINGS,
} from './settings.js';

describe('paths and NORMPROP_* settings', () => {
  it('resolves a file URL with %20 to a path with a space (new URL().pathname would keep %20)', () => {
    const url = 'file:///tmp/my%20checkout/src/settings.ts';
    expect(moduleDir(url)).toBe('/tmp/my checkout/src');
    expect(rootFromSettingsUrl(new URL(url))).toBe('/tmp/my checkout');
  });

  it('finds the checkout root: the folder of package.json', async () => {
    expect(JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')).name).toBe('normprop');
  });

  it('reads a variable when asked, an empty one as unset', () => {
    expect(goldenDir({ NORMPROP_GOLDEN_DIR: 'g' })).toBe('g');
    expect(goldenDir({ NORMPROP_GOLDEN_DIR: '' })).toBe(path.join(PROJECT_ROOT, 'golden'));
    expect(reportsDir({})).toBe('reports');
    expect(ledgerPartsDir({ NORMPROP_REPORTS_DIR: 'elsewhere' })).toBe(path.join('reports', 'ledger-parts'));
    expect(setting('NORMPROP_SEED', { NORMPROP_SEED: '' })).toBeUndefined();
    expect(normSpecDirs({ NORMPROP_NORM_SPECS: `a${path.delimiter}${path.delimiter}` })).toEqual([
      path.join(PROJECT_ROOT, 'src', 'norm', 'specs'),
      path.resolve('a'),
    ]);
  });

  it("lists the same NORMPROP_* variables as docs/reference.md's table of environment variables", async () => {
    const reference = await readFile(path.join(PROJECT_ROOT, 'docs/reference.md'), 'utf8');
    const section = reference.slice(reference.indexOf('## Environment variables'));
    const table = section.slice(0, section.indexOf('\n## '));
    const documented = new Set(table.match(/NORMPROP_[A-Z0-9_]+/g));
    expect([...documented].sort()).toEqual(Object.keys(SETTINGS).sort());
  });

  it('no module outside src/settings.ts reads a NORMPROP_* variable from process.env (setting one is fine)', async () => {
    const grep = promisify(execFile)(
      'git',
      ['grep', '-nE', 'process\\.env(\\.NORMPROP_|\\[.NORMPROP_)', '--', 'src', 'scripts', 'properties', 'golden'],
      { cwd: PROJECT_ROOT },
    );
    const { stdout } = await grep.catch((e: { stdout: string }) => e);
    const reads = stdout
      .split('\n')
      .filter((line) => line && !/^[^:]*\.test\.ts:/.test(line) && !/process\.env\.NORMPROP_\w+ = /.test(line));
    expect(reads).toEqual([]);
  });
});
