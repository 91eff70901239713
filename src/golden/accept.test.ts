import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acceptObtained, pendingObtained } from './accept.js';
import { checkGolden } from './check.js';
import { configHash, type GoldenRecord } from './record.js';
import { staleGoldens } from './stale.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-accept-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function record(name: string, loss: number[], config: Record<string, unknown> = { epochs: 3 }): GoldenRecord {
  return {
    name,
    description: 'test record',
    provenance: {
      backend: 'wasm',
      device: 'test',
      tfjsVersion: '4.22.0',
      normprop: '0.1.0',
      node: process.version,
      seed: 1,
      config,
      configHash: configHash(config),
      date: '2026-01-01T00:00:00.000Z',
    },
    fields: { 'run.epochs.loss': loss, 'run.params': 42 },
  };
}

describe('golden accept: promote what the failing check already wrote, no rerun', () => {
  it('a mismatch leaves NAME.obtained.json; accept makes it the golden, says what moved, and removes it', async () => {
    await checkGolden(record('case', [1.2, 0.5, 0.1]), 'check', dir); // no golden yet: written
    const failing = await checkGolden(record('case', [1.2, 0.9, 0.7]), 'check', dir);
    expect(failing.status).toBe('mismatch');
    expect(await pendingObtained(dir)).toEqual(['case']);
    const [accepted] = await acceptObtained(undefined, dir);
    expect(accepted.name).toBe('case');
    expect(accepted.changes.join('\n')).toMatch(/run\.epochs\.loss: 2\/3 values moved/);
    expect(JSON.parse(await readFile(path.join(dir, 'case.json'), 'utf8')).fields['run.epochs.loss']).toEqual([
      1.2, 0.9, 0.7,
    ]);
    expect(await pendingObtained(dir)).toEqual([]);
    expect((await checkGolden(record('case', [1.2, 0.9, 0.7]), 'check', dir)).status).toBe('passed');
  });

  it('--only picks names; a name with nothing waiting, or an empty folder, is an input error naming it', async () => {
    await expect(acceptObtained(undefined, dir)).rejects.toThrow(/no \*\.obtained\.json to accept/);
    await checkGolden(record('a', [1]), 'check', dir);
    await checkGolden(record('a', [2]), 'check', dir);
    await expect(acceptObtained(['b'], dir)).rejects.toThrow(
      /b\.obtained\.json: no obtained record for "b" \(waiting: a\)/,
    );
  });

  it('a corrupt or renamed obtained file is refused before any golden is replaced', async () => {
    await checkGolden(record('a', [1]), 'check', dir);
    await checkGolden(record('a', [2]), 'check', dir);
    await checkGolden(record('b', [1]), 'check', dir);
    await writeFile(path.join(dir, 'b.obtained.json'), JSON.stringify(record('other', [3])));
    await expect(acceptObtained(undefined, dir)).rejects.toThrow(/b\.obtained\.json: field "name" is "other"/);
    // 'a' sorts first, yet it was not promoted: every file is validated before anything is written.
    expect(JSON.parse(await readFile(path.join(dir, 'a.json'), 'utf8')).fields['run.epochs.loss']).toEqual([1]);
    await writeFile(path.join(dir, 'b.obtained.json'), '{"name": "b",');
    await expect(acceptObtained(['b'], dir)).rejects.toThrow(
      /b\.obtained\.json: not valid JSON .*rerun the golden check to write it again/,
    );
  });

  it('an obtained record that is a FIFO is refused naming it, not read (reading would hang)', async () => {
    execFileSync('mkfifo', [path.join(dir, 'f.obtained.json')]);
    await expect(acceptObtained(undefined, dir)).rejects.toThrow(/f\.obtained\.json: .*not a regular file/);
  });
});

describe('stale goldens', () => {
  it('names golden files no canonical experiment produces, ignoring obtained records and other files', async () => {
    for (const f of ['kept.json', 'gone.json', 'kept.obtained.json', 'notes.txt'])
      await writeFile(path.join(dir, f), '{}');
    expect(await staleGoldens(['kept'], dir)).toEqual(['gone']);
    expect(await readdir(dir)).toHaveLength(4);
  });

  it('racing golden update --all on one golden: the accept that read first refuses, naming the golden, and the update stands', async () => {
    await checkGolden(record('race', [1, 2, 3]), 'check', dir);
    await checkGolden(record('race', [1, 2, 4]), 'check', dir); // obtained waits
    let before: Record<string, string> = {};
    const accept = acceptObtained(undefined, dir, async () => {
      // golden update --all lands after accept read the golden and the obtained record.
      expect((await checkGolden(record('race', [9, 9, 9]), 'update-all', dir)).status).toBe('updated');
      before = Object.fromEntries(
        await Promise.all((await readdir(dir)).map(async (f) => [f, await readFile(path.join(dir, f), 'utf8')])),
      );
    });
    await expect(accept).rejects.toThrow(`${path.join(dir, 'race.json')}: changed while golden accept ran`);
    const after = Object.fromEntries(
      await Promise.all((await readdir(dir)).map(async (f) => [f, await readFile(path.join(dir, f), 'utf8')])),
    );
    expect(after).toEqual(before);
    expect(JSON.parse(after['race.json']).fields['run.epochs.loss']).toEqual([9, 9, 9]);
  });
});
