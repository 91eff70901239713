import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { listNormSpecFiles, loadNormSpecs, NORM_SPECS_DIR, normSpecDirs } from './registry.js';

const run = promisify(execFile);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const EXAMPLES = path.join(root, 'src/norm/examples');

describe('the normalization spec registry', () => {
  it('finds the shipped specs by file name', async () => {
    const shipped = [
      'batch-norm',
      'batch-norm-debiased',
      'batch-norm-first-batch',
      'batch-norm-frozen',
      'group-norm',
      'instance-norm',
      'layer-norm',
      'layer-norm-hwc',
    ];
    expect(listNormSpecFiles([NORM_SPECS_DIR]).map((f) => f.id)).toEqual(shipped);
    const specs = await loadNormSpecs([NORM_SPECS_DIR]);
    expect(specs.map((s) => s.id)).toEqual(shipped);
  });

  it('adds the folders named by NORMPROP_NORM_SPECS', () => {
    expect(normSpecDirs({ NORMPROP_NORM_SPECS: `${EXAMPLES}${path.delimiter}` })).toEqual([NORM_SPECS_DIR, EXAMPLES]);
    expect(listNormSpecFiles(normSpecDirs({ NORMPROP_NORM_SPECS: EXAMPLES })).map((f) => f.id)).toContain('rms-norm');
  });

  it('refuses a spec file that is wrong, naming the file and the field', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-specs-'));
    try {
      const refusal = async (name: string, source: string) => {
        const sub = path.join(dir, name.replace('.ts', ''));
        await mkdir(sub);
        await writeFile(path.join(sub, name), source);
        return loadNormSpecs([sub]).then(
          () => 'loaded',
          (error: Error) => error.message,
        );
      };
      const file = (name: string) => path.join(dir, name.replace('.ts', ''), name);
      expect(await refusal('my-norm.ts', `export default { id: 'other-norm' };`)).toBe(
        `${file('my-norm.ts')}: declares id "other-norm", but the file name makes it "my-norm"`,
      );
      expect(await refusal('no-default.ts', `export const spec = {};`)).toMatch(
        /no-default\.ts: has no default export/,
      );
      expect(
        await refusal('half.ts', `export default { id: 'half', build() {}, parameters() {}, modelParameters() {} };`),
      ).toMatch(/half\.ts: field statistics must be a function/);
      await expect(loadNormSpecs([path.join(dir, 'missing')])).rejects.toThrow(
        /missing: cannot read the normalization specs folder \(ENOENT\)/,
      );
      await mkdir(path.join(dir, 'twin'));
      await writeFile(path.join(dir, 'twin', 'batch-norm.ts'), '');
      expect(() => listNormSpecFiles([NORM_SPECS_DIR, path.join(dir, 'twin')])).toThrow(
        /twin\/batch-norm\.ts: spec id "batch-norm" is already defined by .*specs\/batch-norm\.ts/,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // The promise of src/norm: a layer is one file. The generic property file, run as a user would run
  // it, picks the example spec up from its folder; nothing else names it.
  it('runs the generic properties on a new spec file without any other file edited', async () => {
    const scratch = path.join(root, '.normprop');
    await mkdir(scratch, { recursive: true });
    const dir = await mkdtemp(path.join(scratch, 'child-run-'));
    // A child vitest with its own config: no global setup, so this run's ledger and reports stay untouched.
    const config = path.join(dir, 'vitest.config.mjs');
    await writeFile(
      config,
      `export default { test: { root: ${JSON.stringify(root)}, include: ['properties/norm-layers.prop.ts'], pool: 'forks', testTimeout: 120000 } };\n`,
    );
    try {
      const { stdout } = await run(
        process.execPath,
        ['node_modules/vitest/vitest.mjs', 'run', '--config', config, '--reporter', 'verbose', '-t', 'rms-norm'],
        {
          cwd: root,
          env: {
            ...process.env,
            NORMPROP_NORM_SPECS: EXAMPLES,
            NORMPROP_LEDGER_PARTS: path.join(dir, 'ledger'),
            NO_COLOR: '1',
            FORCE_COLOR: '0',
          },
        },
      );
      const passed = stdout.split('\n').filter((line) => /✓ .*rms-norm > /.test(line));
      expect(passed.length, stdout).toBeGreaterThanOrEqual(6);
      for (const law of [
        'normalizes over the declared statistics',
        'inference output equals training-mode output',
        'unchanged by a positive scale',
        'gradient matches central differences',
        'save/load round trip',
        'fit() trains gamma and beta',
      ]) {
        expect(
          passed.some((line) => line.includes(law)),
          law,
        ).toBe(true);
      }
      expect(stdout).not.toMatch(/[×✗] /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
