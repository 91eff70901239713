import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { checkClaim } from '../claims/check-claim.js';
import { ClaimViolation } from '../harness-error.js';
import { InputError } from '../errors.js';
import { runProperty, settleFailures } from '../property-engine/run.js';
import { assertProperty } from '../property-engine/assert.js';
import { DEFAULT_FAILURES_DIR, failuresDir, PROJECT_ROOT as root } from '../settings.js';
import { FailureStore } from './failure-store.js';

const CLAIM = 'C11-accuracy-is-correct-over-total'; // expected to hold: a counterexample is a failure
let dir: string;
let store: FailureStore;
let ledgerDir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-failures-'));
  store = new FailureStore(path.join(dir, 'failures'));
  ledgerDir = path.join(dir, 'ledger');
});

/** x < 1000 over naturals up to 10^6: fails, and shrinks to exactly 1000. */
const below1000 = (seen: number[] = []) =>
  fc.property(fc.integer({ min: 0, max: 1_000_000 }), (x) => {
    seen.push(x);
    if (x >= 1000) throw new ClaimViolation(`${x} is not below 1000`);
  });

describe('the failure database (what fast-check issue 3399 asks for)', () => {
  it('lives in .normprop/failures, which git ignores; NORMPROP_FAILURES_DIR keeps it elsewhere (e.g. a tracked folder)', async () => {
    expect(failuresDir({})).toBe(DEFAULT_FAILURES_DIR);
    expect(DEFAULT_FAILURES_DIR).toBe(path.join('.normprop', 'failures'));
    expect(failuresDir({ NORMPROP_FAILURES_DIR: 'failures' })).toBe('failures');
    const { stdout } = await promisify(execFile)('git', ['check-ignore', path.join(DEFAULT_FAILURES_DIR, 'x.json')], {
      cwd: root,
    });
    expect(stdout.trim()).toBe(path.join(DEFAULT_FAILURES_DIR, 'x.json'));
  });

  it('a failing property stores its shrunk counterexample, seed and path', async () => {
    const result = await checkClaim(CLAIM, 'fails', below1000(), {
      numRuns: 100,
      minRuns: 100,
      seed: 7,
      ledgerDir,
      failures: store,
    });
    expect(result.verdict).toBe('regressed');
    const entry = await store.read(`${CLAIM}--fails`);
    expect(entry).toMatchObject({ property: `${CLAIM}--fails`, seed: 7, printed: '[1000]' });
    expect(entry!.path).toMatch(/^\d+(:\d+)*$/);
    expect(await store.examples(`${CLAIM}--fails`)).toEqual([[1000]]);
    // The seed and path alone replay it too (while the arbitraries are unchanged).
    const { details: replayed } = await runProperty(below1000(), {
      key: 'replay',
      label: 'stored seed and path',
      params: { seed: entry!.seed, path: entry!.path },
    });
    expect(replayed.counterexample).toEqual([1000]);
  });

  it('the next run tries the stored counterexample before any generated case, and shrinks it like one', async () => {
    // As if an earlier run had stopped before shrinking: 5000 fails, 1000 is the smallest failure.
    await store.record(`${CLAIM}--replay`, { seed: 1, path: '0', counterexample: [5000], printed: '[5000]' });
    const seen: number[] = [];
    const result = await checkClaim(CLAIM, 'replay', below1000(seen), {
      numRuns: 100,
      minRuns: 100,
      seed: 12345,
      ledgerDir,
      failures: store,
    });
    expect(seen[0]).toBe(5000);
    expect(result.replayed).toBe(1);
    expect(result.verdict).toBe('regressed');
    expect(result.counterexample).toBe('[1000]');
    expect(result.shrinks).toBeGreaterThan(0);
    expect((await store.read(`${CLAIM}--replay`))!.printed).toBe('[1000]');
  });

  it('a fixed failure leaves the database', async () => {
    await store.record(`${CLAIM}--fixed`, { seed: 1, path: '0', counterexample: [5000], printed: '[5000]' });
    const seen: number[] = [];
    const fixed = fc.property(fc.integer({ min: 0, max: 1_000_000 }), (x) => void seen.push(x));
    const result = await checkClaim(CLAIM, 'fixed', fixed, { numRuns: 20, minRuns: 20, ledgerDir, failures: store });
    expect(result.verdict).toBe('holds');
    expect(seen[0]).toBe(5000);
    expect(await store.read(`${CLAIM}--fixed`)).toBeUndefined();
    await expect(stat(store.fileOf(`${CLAIM}--fixed`))).rejects.toThrow(/ENOENT/);
  });

  it('assertProperty (the non-claim properties) stores, replays and forgets the same way', async () => {
    await expect(assertProperty('plain', below1000(), { seed: 3, numRuns: 100 }, store)).rejects.toThrow(
      /Counterexample: \[1000\]/,
    );
    expect(await store.examples('plain')).toEqual([[1000]]);
    const seen: number[] = [];
    await expect(assertProperty('plain', below1000(seen), { seed: 4, numRuns: 100 }, store)).rejects.toThrow(
      /Counterexample: \[1000\]/,
    );
    expect(seen[0]).toBe(1000);
    await assertProperty(
      'plain',
      fc.property(fc.nat(), () => true),
      { numRuns: 5 },
      store,
    );
    expect(await store.read('plain')).toBeUndefined();
  });

  it('keeps what JSON would lose (-0, NaN, undefined, typed arrays), and fast-check can shrink the decoded record', async () => {
    const value = [{ a: -0, b: Number.NaN, c: undefined, d: new Float32Array([1.5, -2]) }];
    await store.record('values', { seed: 1, path: '0', counterexample: value, printed: 'x' });
    const [back] = await store.examples<typeof value>('values');
    expect(Object.is(back[0].a, -0)).toBe(true);
    expect(back[0].b).toBeNaN();
    expect('c' in back[0] && back[0].c === undefined).toBe(true);
    expect(back[0].d).toEqual(new Float32Array([1.5, -2]));
    const arb = fc.record({ n: fc.integer(), xs: fc.array(fc.double()) });
    const generated = fc.sample(arb, { seed: 1, numRuns: 1 })[0];
    await store.record('record', { seed: 1, path: '0', counterexample: [generated], printed: 'x' });
    const [[decoded]] = await store.examples<[typeof generated]>('record');
    expect(arb.canShrinkWithoutContext(decoded)).toBe(true);
  });

  it('a corrupt database entry is an error naming the file, and the file is left for a person to look at', async () => {
    await store.record('bad', { seed: 1, path: '0', counterexample: [1], printed: '[1]' });
    await writeFile(store.fileOf('bad'), '{"seed": 1, "pa');
    await expect(store.examples('bad')).rejects.toThrow(InputError);
    await expect(store.examples('bad')).rejects.toThrow(`${store.fileOf('bad')}: not a stored failure`);
    expect(await readFile(store.fileOf('bad'), 'utf8')).toBe('{"seed": 1, "pa');
  });

  it('a pass forgets only the entry it replayed: what a concurrent failing run stored meanwhile stays, byte for byte', async () => {
    const key = 'concurrent';
    const passes = (during: () => Promise<void>) => {
      let first = true;
      return fc.asyncProperty(fc.integer({ min: 0, max: 10 }), async () => {
        if (first) await during();
        first = false;
      });
    };
    const failing = (value: number) =>
      store.record(key, { seed: 9, path: '3', counterexample: [value], printed: `[${value}]` });
    // A run that found no entry passes while another run stores a failure: the failure stays.
    const quiet = await runProperty(
      passes(() => failing(5)),
      { key, label: 'k', params: { numRuns: 5 }, failures: store },
    );
    const stored = await readFile(store.fileOf(key), 'utf8');
    await settleFailures(quiet, { printed: '' });
    expect(await readFile(store.fileOf(key), 'utf8')).toBe(stored);
    // A run that replayed [5] passes while another run replaces it with [7]: [7] was never replayed, so it stays.
    const replaced = await runProperty(
      passes(() => failing(7)),
      { key, label: 'k', params: { numRuns: 5 }, failures: store },
    );
    expect(replaced.replayed).toBe(1);
    const newer = await readFile(store.fileOf(key), 'utf8');
    await settleFailures(replaced, { printed: '' });
    expect(await readFile(store.fileOf(key), 'utf8')).toBe(newer);
    // A run that replays [7] and passes forgets it; a replay of one case by path forgets nothing.
    await store.record(key, { seed: 9, path: '3', counterexample: [7], printed: '[7]' });
    const byPath = await runProperty(
      passes(async () => undefined),
      { key, label: 'k', params: { numRuns: 1, path: '0' }, failures: store },
    );
    await settleFailures(byPath, { printed: '' });
    expect(await store.read(key)).toBeDefined();
    await settleFailures(
      await runProperty(
        passes(async () => undefined),
        { key, label: 'k', params: { numRuns: 5 }, failures: store },
      ),
      { printed: '' },
    );
    expect(await store.read(key)).toBeUndefined();
    expect(await readdir(store.dir)).toEqual([]);
  });
});
