import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { goldenDiffHtml, goldenDiffMarkdown, indexLabel } from '../report/golden-diff.js';
import { checkGolden } from './check.js';
import { configHash, type GoldenRecord } from './record.js';
import { goldenPath, obtainedPath, readGolden } from './store.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-golden-'));
});

function record(
  name: string,
  fields: GoldenRecord['fields'],
  backend = 'wasm',
  config: Record<string, unknown> = { epochs: 5 },
): GoldenRecord {
  return {
    name,
    description: 'test record',
    provenance: {
      backend,
      device: 'test',
      tfjsVersion: '4.22.0',
      normprop: '0.1.0',
      node: process.version,
      seed: 1,
      config,
      configHash: configHash(config),
      date: '2026-01-01T00:00:00.000Z',
    },
    fields,
  };
}

const base = () =>
  record('case', {
    'run.epochs.loss': [1.2, 0.5, 0.1],
    'run.epochs.acc': [0.3333333432674408, 1, 1],
    'run.predict': [
      [0.9, 0.05, 0.05],
      [0.1, 0.8, 0.1],
    ],
    'activations.conv1': [0.5, 1.0, -2.0, 3.0],
    'activations.conv2': [0.1, 0.2, -0.3, 0.4],
  });

describe('the golden workflow', () => {
  it('different input pixels (sha256) fail as input-changed, naming both hashes, and keep the golden', async () => {
    const withPixels = (sha: string) => {
      const r = base();
      r.provenance.inputSha256 = sha;
      return r;
    };
    await checkGolden(withPixels('a'.repeat(64)), 'update-all', dir);
    const outcome = await checkGolden(withPixels('b'.repeat(64)), 'check', dir);
    expect([outcome.status, outcome.failed]).toEqual(['input-changed', true]);
    expect(outcome.message).toMatch(
      /input pixels changed \(sha256 aaaaaaaaaaaa… -> bbbbbbbbbbbb…\): image decoding or resizing differs.*they still match/,
    );
    expect((await readGolden('case', dir))?.provenance.inputSha256).toBe('a'.repeat(64));
  });

  it('the kernel set is provenance, not configuration: a golden without it still passes, a mismatch names both sets', async () => {
    // Goldens recorded before kernel provenance lack the field; its hash must not change for it.
    await checkGolden(base(), 'update-all', dir);
    const stock = base();
    stock.provenance.kernels = { set: 'stock', added: ['Conv2DBackpropFilter'], packages: {} };
    expect(stock.provenance.configHash).toBe(base().provenance.configHash);
    expect((await checkGolden(stock, 'check', dir)).failed).toBe(false);
    const moved = base();
    moved.provenance.kernels = stock.provenance.kernels;
    moved.fields['run.epochs.loss'] = [1.2, 0.5, 0.2];
    expect((await checkGolden(moved, 'check', dir)).message).toMatch(
      /golden made on wasm with normprop \(recorded before kernel provenance\) kernels, checked on wasm with stock/,
    );
    const text = await readFile(goldenPath('case', dir), 'utf8');
    const bad = JSON.parse(text);
    bad.provenance.kernels = { set: 'fast' };
    await writeFile(goldenPath('case', dir), JSON.stringify(bad));
    await expect(readGolden('case', dir)).rejects.toThrow(/provenance.kernels" is not a kernel set/);
  });

  it('a missing golden is written and the check fails, so nobody commits an unchecked one by accident', async () => {
    const outcome = await checkGolden(base(), 'check', dir);
    expect(outcome.failed).toBe(true);
    expect(outcome.status).toBe('missing-written');
    expect(outcome.message).toMatch(/there was no golden; it has been written/);
    expect(await readGolden('case', dir)).toEqual(base());
    const again = await checkGolden(base(), 'check', dir);
    expect(again.status).toBe('passed');
  });

  it('one stored value changed beyond tolerance fails; obtained is written beside it; the report names the field, the index and the error', async () => {
    await checkGolden(base(), 'check', dir);
    const stored = JSON.parse(await readFile(goldenPath('case', dir), 'utf8')) as GoldenRecord;
    (stored.fields['run.predict'] as number[][])[1][1] = 0.7; // obtained will still say 0.8
    await writeFile(goldenPath('case', dir), JSON.stringify(stored));
    const outcome = await checkGolden(base(), 'check', dir);
    expect(outcome.failed).toBe(true);
    expect(outcome.status).toBe('mismatch');
    expect(outcome.message).toMatch(
      /run\.predict: 1\/6 out of tolerance, max abs 1\.000e-1, .*first at \[4\] expected 0\.7 got 0\.8/,
    );
    expect(JSON.parse(await readFile(obtainedPath('case', dir), 'utf8'))).toEqual(base());
    // The golden itself is left as it was.
    expect(JSON.parse(await readFile(goldenPath('case', dir), 'utf8'))).toEqual(stored);
    const md = goldenDiffMarkdown([outcome]);
    expect(md).toContain('| run.predict | 1 / 6 | 0.1000 |');
    expect(md).toContain('| run.predict | 4 | 0.7 | 0.8 | 0.1000 | 0.1429 |');
    const html = goldenDiffHtml([outcome]);
    expect(html).toContain('[4] 0.7 &rarr; 0.8');
    // The page opens with the overview table golden-diff.md has.
    expect(html).toMatch(
      /<table id="golden-overview">.*<td>case<\/td><td class="fail"><b>mismatch<\/b><\/td><td>wasm<\/td><td>wasm<\/td><td>same backend<\/td><td>1 of \d+<\/td>/,
    );
  });

  it('names what a mismatch index is: a summary part (mean, std, min, max) or an epoch', () => {
    expect(indexLabel('activations.conv1_conv', 2)).toBe('2 (min)');
    expect(indexLabel('run.bn.conv1_bn.movingVariance', 3)).toBe('3 (max)');
    expect(indexLabel('run.epochs.loss', 0)).toBe('0 (epoch 1)');
    expect(indexLabel('run.predict', 4)).toBe('4');
  });

  it('a change within tolerance passes and removes a stale obtained file', async () => {
    await checkGolden(base(), 'check', dir);
    const nudged = base();
    (nudged.fields['run.epochs.loss'] as number[])[0] = 1.2 * (1 + 5e-5);
    await writeFile(obtainedPath('case', dir), '{}');
    const outcome = await checkGolden(nudged, 'check', dir);
    expect(outcome.status).toBe('passed');
    await expect(stat(obtainedPath('case', dir))).rejects.toThrow(/ENOENT/);
  });

  it('names the first layer whose activation summary diverges', async () => {
    await checkGolden(base(), 'check', dir);
    const moved = base();
    moved.fields['activations.conv2'] = [0.5, 0.2, -0.3, 0.4];
    const outcome = await checkGolden(moved, 'check', dir);
    expect(outcome.diff?.firstDivergingLayer).toBe('conv2');
    expect(outcome.message).toContain('first diverging layer: conv2');
  });

  it('an update rewrites failing goldens and never touches passing ones', async () => {
    await checkGolden(base(), 'check', dir);
    const other = record('other', { 'run.epochs.loss': [3] });
    await checkGolden(other, 'check', dir);
    const before = (await stat(goldenPath('case', dir))).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const unchanged = await checkGolden(base(), 'update-failing', dir);
    expect(unchanged.status).toBe('passed');
    expect((await stat(goldenPath('case', dir))).mtimeMs).toBe(before);
    const changed = record('other', { 'run.epochs.loss': [4] });
    const updated = await checkGolden(changed, 'update-failing', dir);
    expect(updated.status).toBe('updated');
    expect(await readGolden('other', dir)).toEqual(changed);
    // --all: the same values bit for bit are not rewritten (a new date alone would churn git) ...
    const same = await checkGolden(
      { ...base(), provenance: { ...base().provenance, date: 'later' } },
      'update-all',
      dir,
    );
    expect(same.status).toBe('passed');
    expect((await stat(goldenPath('case', dir))).mtimeMs).toBe(before);
    // ... a value that moved, even within tolerance, is.
    const moved = record('case', { ...base().fields, 'run.epochs.loss': [1.2 * (1 + 1e-7), 0.5, 0.1] });
    const all = await checkGolden(moved, 'update-all', dir);
    expect(all.status).toBe('updated');
    expect((await stat(goldenPath('case', dir))).mtimeMs).toBeGreaterThan(before);
  });

  it('a golden made for another configuration fails with both hashes and the setting that changed, names golden accept, and is kept', async () => {
    await checkGolden(base(), 'check', dir);
    const changedConfig = record('case', base().fields, 'wasm', { epochs: 6 });
    const outcome = await checkGolden(changedConfig, 'check', dir);
    expect(outcome.status).toBe('config-changed');
    expect(outcome.message).toContain(
      `made for configuration ${base().provenance.configHash}, the experiment now has ${changedConfig.provenance.configHash}`,
    );
    expect(outcome.message).toMatch(/changed: epochs \d+ -> 6\b/);
    expect(outcome.message).toContain('npx normprop golden accept --only case');
    expect(await readGolden('case', dir)).toEqual(base());
  });

  it('a golden from another backend is checked with the wider, declared cross-backend tolerance', async () => {
    await checkGolden(base(), 'check', dir);
    const onCpu = record('case', { ...base().fields, 'run.epochs.loss': [1.2 * (1 + 5e-4), 0.5, 0.1] }, 'cpu');
    const cross = await checkGolden(onCpu, 'check', dir);
    expect(cross.diff?.crossBackend).toBe(true);
    expect(cross.status).toBe('passed');
    const sameBackend = record('case', onCpu.fields, 'wasm');
    expect((await checkGolden(sameBackend, 'check', dir)).status).toBe('mismatch');
  });

  it('a corrupt or hand-broken golden is an error naming the file and the field, and is left in place', async () => {
    await writeFile(goldenPath('bad', dir), '{"name": "bad", "provenance": ');
    await expect(readGolden('bad', dir)).rejects.toThrow(InputError);
    await expect(checkGolden(record('bad', { x: [1] }), 'check', dir)).rejects.toThrow(
      new RegExp(`${goldenPath('bad', dir)}: not valid JSON`),
    );
    expect(await readFile(goldenPath('bad', dir), 'utf8')).toBe('{"name": "bad", "provenance": ');
    const broken = base();
    (broken.fields as Record<string, unknown>)['run.epochs.loss'] = [1, null, 2];
    await writeFile(goldenPath('case', dir), JSON.stringify(broken));
    await expect(readGolden('case', dir)).rejects.toThrow(/field "fields.run.epochs.loss\[1\]" is null/);
  });

  it('refuses to store NaN (JSON would turn it into null silently)', async () => {
    const diverged = record('nan', { 'run.epochs.loss': [1, Number.NaN] });
    await expect(checkGolden(diverged, 'check', dir)).rejects.toThrow(
      /field "fields.run.epochs.loss\[1\]" is NaN; goldens hold finite numbers only/,
    );
    await expect(stat(goldenPath('nan', dir))).rejects.toThrow(/ENOENT/);
  });

  it('a golden whose provenance was edited by hand (configuration or hash) or that belongs to another experiment is refused, naming the field, and kept', async () => {
    await checkGolden(base(), 'check', dir);
    const file = goldenPath('case', dir);
    const stored = JSON.parse(await readFile(file, 'utf8')) as GoldenRecord;
    const editedConfig = { ...stored, provenance: { ...stored.provenance, config: { epochs: 6 } } };
    await writeFile(file, JSON.stringify(editedConfig));
    await expect(checkGolden(base(), 'check', dir)).rejects.toThrow(
      new RegExp(
        `${file}: field "provenance.configHash" is ${stored.provenance.configHash} but "provenance.config" hashes to ${configHash({ epochs: 6 })}: the golden was edited by hand`,
      ),
    );
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(editedConfig);
    const editedHash = { ...stored, provenance: { ...stored.provenance, configHash: '0123456789abcdef' } };
    await writeFile(file, JSON.stringify(editedHash));
    await expect(readGolden('case', dir)).rejects.toThrow(
      /field "provenance.configHash" is 0123456789abcdef but "provenance.config" hashes to/,
    );
    await writeFile(file, JSON.stringify({ ...stored, name: 'other' }));
    await expect(readGolden('case', dir)).rejects.toThrow(
      /field "name" is "other", but the file is the golden of "case"/,
    );
    await writeFile(file, JSON.stringify({ ...stored, provenance: { ...stored.provenance, config: undefined } }));
    await expect(readGolden('case', dir)).rejects.toThrow(/field "provenance.config" is missing/);
  });
});
