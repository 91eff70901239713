// Hostile files where normprop reads back what it stored: goldens, parts and stored failures. Each is
// refused with an error naming the file (or set aside, for stored failures), never a hang or a stack
// overflow; nothing stored is replaced unasked.
import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkClaim } from '../claims/check-claim.js';
import { InputError } from '../errors.js';
import { FailureStore } from '../failures/failure-store.js';
import { replayableExamples } from '../failures/replay.js';
import { checkGolden } from '../golden/check.js';
import { configHash, type GoldenRecord } from '../golden/record.js';
import { readGolden, writeRecord } from '../golden/store.js';
import { writeFileAtomic } from './atomic-write.js';
import { PartsStore } from './parts-store.js';
import { MAX_GOLDEN_BYTES } from './read-bounded.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-hostile-files-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fifo = async (file: string) => {
  execFileSync('mkfifo', [file]);
  return file;
};

function golden(name: string, fields: GoldenRecord['fields']): GoldenRecord {
  const config = { epochs: 1 };
  return {
    name,
    description: 'x',
    provenance: {
      backend: 'wasm',
      device: 'cpu',
      tfjsVersion: '4.22.0',
      normprop: '0.1.0',
      node: 'v20',
      seed: 1,
      config,
      configHash: configHash(config),
      date: '2025-01-01',
    },
    fields,
  };
}

describe('readers of goldens, parts and stored failures', () => {
  it('refuse a FIFO at once (it would block the reader forever), naming the file', async () => {
    const goldens = path.join(dir, 'fifo-goldens');
    await mkdir(goldens);
    await fifo(path.join(goldens, 'g.json'));
    await expect(readGolden('g', goldens)).rejects.toThrow(
      `${path.join(goldens, 'g.json')}: the golden is a FIFO (named pipe), not a regular file`,
    );
    const parts = path.join(dir, 'fifo-parts');
    await mkdir(parts);
    await fifo(path.join(parts, 'r.json'));
    await expect(new PartsStore(parts).readAll()).rejects.toThrow(/r\.json: the stored result is a FIFO/);
    const store = new FailureStore(path.join(dir, 'fifo-failures'));
    await mkdir(store.dir);
    await fifo(store.fileOf('p'));
    await expect(store.read('p')).rejects.toThrow(/p\.json: the stored failure is a FIFO/);
  });

  it('refuse a golden above the stated size without reading it', async () => {
    const goldens = path.join(dir, 'big');
    await mkdir(goldens);
    await writeFile(path.join(goldens, 'g.json'), '{}');
    await truncate(path.join(goldens, 'g.json'), MAX_GOLDEN_BYTES + 1); // sparse: costs no disk
    await expect(readGolden('g', goldens)).rejects.toThrow(
      `g.json: the golden is ${MAX_GOLDEN_BYTES + 1} bytes, above the limit of ${MAX_GOLDEN_BYTES}`,
    );
  });

  it('refuse a golden nested 100,000 arrays deep with an error naming the file (no stack overflow)', async () => {
    const goldens = path.join(dir, 'deep');
    await mkdir(goldens);
    const record = JSON.stringify(golden('g', { params: 1 })).replace(
      '"params":1',
      `"params":${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    );
    await writeFile(path.join(goldens, 'g.json'), record);
    const error = await readGolden('g', goldens).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/g\.json: nested deeper than 64 levels/);
  });

  it('refuse ragged arrays, naming the file and the field', async () => {
    const goldens = path.join(dir, 'ragged');
    await mkdir(goldens);
    const cases: [unknown, string][] = [
      [[[1, 2], [3]], 'field "fields.run.predict[1]" has 1 entries where its siblings have 2'],
      [[[1, 2], 3], 'field "fields.run.predict[1]" is number where an array of 2 entries belongs'],
      [[1, [2]], 'field "fields.run.predict[1]" is an array where its siblings hold numbers'],
      [
        [
          [[1], [2]],
          [
            [1, 2],
            [3, 4],
          ],
        ],
        'field "fields.run.predict[1][0]" has 2 entries where its siblings have 1',
      ],
    ];
    for (const [value, message] of cases) {
      const text = JSON.stringify(golden('g', { params: 1 })).replace(
        '"params":1',
        `"params":1,"run.predict":${JSON.stringify(value)}`,
      );
      await writeFile(path.join(goldens, 'g.json'), text);
      await expect(readGolden('g', goldens), JSON.stringify(value)).rejects.toThrow(
        `${path.join(goldens, 'g.json')}: ${message}`,
      );
    }
  });

  it('golden update refuses an invalid golden, or one that lacks fields, unless told to replace it; the file is kept', async () => {
    const goldens = path.join(dir, 'update');
    await mkdir(goldens);
    const file = path.join(goldens, 'g.json');
    await writeFile(file, '{"name": "g", "fields": ');
    const obtained = golden('g', { params: 1, 'run.loss': [0.5] });
    await expect(checkGolden(obtained, 'update-failing', goldens)).rejects.toThrow(
      /g\.json: not valid JSON .*--replace-invalid replaces it/,
    );
    expect(await readFile(file, 'utf8')).toBe('{"name": "g", "fields": ');
    await writeRecord(file, golden('g', { params: 1 }));
    await expect(checkGolden(obtained, 'update-failing', goldens)).rejects.toThrow(
      /g\.json: lacks field\(s\) run\.loss that this run has/,
    );
    expect((await readGolden('g', goldens))!.fields).toEqual({ params: 1 });
    const replaced = await checkGolden(obtained, 'update-failing', goldens, { replaceInvalid: true });
    expect(replaced.status).toBe('updated');
    expect((await readGolden('g', goldens))!.fields).toEqual({ params: 1, 'run.loss': [0.5] });
  });
});

describe('stored failures are checked against the property before replay', () => {
  // C12's property: (perClass 1..50, constant class 0..2, seed); a pure stand-in for the training-free original.
  const c12 = (seen: unknown[][]) =>
    fc.property(
      fc.integer({ min: 1, max: 50 }),
      fc.integer({ min: 0, max: 2 }),
      fc.integer(),
      (perClass, constant, seed) => {
        seen.push([perClass, constant, seed]);
        if (constant < 0 || constant > 2) throw new Error(`class ${constant} is not one of the three`);
      },
    );

  it('a counterexample outside the arbitrary ([-1, 0, 0] for C12) is set aside naming the file, and C12 holds', async () => {
    const store = new FailureStore(path.join(dir, 'c12'));
    const key = 'C12-constant-predictor-scores-a-third--balanced labels, any constant';
    await store.record(key, { seed: 1, path: '0', counterexample: [1, -1, 0], printed: '[1,-1,0]' });
    const seen: unknown[][] = [];
    const warnings: string[] = [];
    const original = console.warn;
    console.warn = (line: string) => void warnings.push(line);
    try {
      const result = await checkClaim(
        'C12-constant-predictor-scores-a-third',
        'balanced labels, any constant',
        c12(seen),
        { numRuns: 20, minRuns: 20, seed: 5, ledgerDir: path.join(dir, 'c12-ledger'), failures: store },
      );
      expect(result.verdict).toBe('holds');
      expect(result.replayed).toBeUndefined();
    } finally {
      console.warn = original;
    }
    expect(seen).not.toContainEqual([1, -1, 0]);
    expect(warnings.join('\n')).toContain(`${store.fileOf(key)}: stored failure set aside as`);
    expect(await store.read(key)).toBeUndefined();
    expect((await readdir(store.dir)).some((n) => n.endsWith('.set-aside'))).toBe(true);
  });

  it('a value in the domain is still replayed first', async () => {
    const store = new FailureStore(path.join(dir, 'c12-in'));
    await store.record('k', { seed: 1, path: '0', counterexample: [3, 2, 7], printed: '[3,2,7]' });
    expect(await replayableExamples(store, 'k', c12([]), () => undefined)).toEqual([[3, 2, 7]]);
  });

  it('a sparse array of length 2^32-1 is set aside at once (no hang), and so is an undecodable entry', async () => {
    const store = new FailureStore(path.join(dir, 'sparse'));
    await mkdir(store.dir);
    const prop = fc.property(fc.array(fc.integer()), () => true);
    // devalue's encoding of [new Array(2 ** 32 - 1)] with one entry set.
    await writeFile(
      store.fileOf('s'),
      JSON.stringify({
        property: 's',
        seed: 1,
        path: '0',
        counterexample: '[[1],[-7,4294967295,3,2],5]',
        printed: '?',
        date: 'x',
      }),
    );
    const warnings: string[] = [];
    const started = performance.now();
    expect(await replayableExamples(store, 's', prop, (l) => void warnings.push(l))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(warnings[0]).toMatch(/s\.json: stored failure set aside .*has 4294967295 entries/);
    await writeFile(
      store.fileOf('u'),
      JSON.stringify({ property: 'u', seed: 1, path: '0', counterexample: '[[', printed: '?', date: 'x' }),
    );
    expect(await replayableExamples(store, 'u', prop, (l) => void warnings.push(l))).toEqual([]);
    expect(warnings[1]).toMatch(/u\.json: stored failure set aside .*cannot be decoded/);
  });
});

describe('atomic writes', () => {
  it('never replace anything but a regular file: a FIFO at the target is an error naming it, and stays', async () => {
    const target = await fifo(path.join(dir, 'out.json'));
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow(
      `${target}: is a FIFO (named pipe); normprop replaces only regular files`,
    );
    expect((await stat(target)).isFIFO()).toBe(true);
    expect((await readdir(dir)).filter((n) => n.startsWith('out.json.') && n.endsWith('.tmp'))).toEqual([]);
  });

  it('name the path when the disk is full, and leave no temporary file (when a tiny tmpfs can be mounted here)', async (context) => {
    const small = path.join(dir, 'full');
    await mkdir(small);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4k', 'tmpfs', small], { stdio: 'ignore' });
    } catch {
      console.log(
        '[hostile-files] skipped the full-disk case: cannot mount a tmpfs here (needs root and mount rights)',
      );
      context.skip();
    }
    try {
      const target = path.join(small, 'record.json');
      const error = await writeFileAtomic(target, 'x'.repeat(1 << 20)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe(`${target}: cannot write (the disk is full)`);
      expect(await readdir(small)).toEqual([]);
    } finally {
      execFileSync('umount', [small]);
    }
  });

  it("remove the temporary file a killed writer left, and only a dead writer's", async () => {
    const target = path.join(dir, 'leftover.json');
    const dead = await promisify(execFile)(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).then(
      (r) => Number(r.stdout),
    );
    await writeFile(`${target}.${dead}.0123abcd.tmp`, 'half');
    await writeFile(`${target}.${process.ppid}.89abcdef.tmp`, 'a live writer'); // the parent process: alive
    await writeFileAtomic(target, 'whole');
    const left = (await readdir(dir)).filter((n) => n.startsWith('leftover.json.'));
    expect(left).toEqual([`leftover.json.${process.ppid}.89abcdef.tmp`]);
    expect(await readFile(target, 'utf8')).toBe('whole');
  });
});
