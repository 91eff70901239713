import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectClaimBackend } from '../backend/claim-backend.js';
import { NormpropError } from '../errors.js';
import { DEFAULT_IMAGES_DIR } from '../settings.js';
import { seededValues } from '../stats/seeded-values.js';
import { measureLongRun, type LongRunRequest } from './long-run-command.js';
import { checkpointDirOf } from './long-run-files.js';
import { readLongRunRecord, stableFrom, type EpochLine } from './long-run-record.js';
import { batchStatsOfStep, readMovingStats, statsGap } from './moving-vs-batch.js';

// The long-run machinery on a tiny ResNet (1 block, width 2, 33 px): the same code paths as the hours
// of ResNet50 measure:c10 runs, in well under a second an epoch.

let root: string;
beforeAll(async () => {
  await selectClaimBackend();
  root = await mkdtemp(path.join(os.tmpdir(), 'normprop-long-run-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const request = (dir: string, maxEpochs: number): LongRunRequest => ({
  images: { folder: DEFAULT_IMAGES_DIR },
  momentum: 0.99,
  maxEpochs,
  window: 20,
  size: 33,
  stages: [1],
  width: 2,
  seed: 7,
  recordsDir: path.join(root, dir, 'records'),
  checkpointsDir: path.join(root, dir, 'checkpoints'),
  checkpointEvery: 4,
  log: () => {},
});

const onlyRecord = async (dir: string) => {
  const { readdir } = await import('node:fs/promises');
  const recordsDir = path.join(root, dir, 'records');
  const [name] = await readdir(recordsDir);
  return path.join(recordsDir, name);
};
const withoutTimes = (lines: EpochLine[]) => lines.map(({ seconds: _, ...rest }) => rest);

describe('measure:c10 records (long runs)', () => {
  it('an interrupted run resumed from its checkpoint stores the same epochs as a run that never stopped', async () => {
    await measureLongRun(request('straight', 8));
    // Interrupted: a checkpoint at 4, then epochs 5-6 stored past it (the process died before its next checkpoint).
    await measureLongRun(request('resumed', 4));
    const keep = path.join(root, 'resumed-checkpoint-at-4');
    const file = await onlyRecord('resumed');
    const runKey = path.basename(file, '.jsonl');
    await cp(checkpointDirOf(path.join(root, 'resumed', 'checkpoints'), runKey), keep, { recursive: true });
    await measureLongRun(request('resumed', 6));
    await rm(checkpointDirOf(path.join(root, 'resumed', 'checkpoints'), runKey), { recursive: true });
    await cp(keep, checkpointDirOf(path.join(root, 'resumed', 'checkpoints'), runKey), { recursive: true });
    await measureLongRun(request('resumed', 8));

    const straight = (await readLongRunRecord(await onlyRecord('straight')))!;
    const resumed = (await readLongRunRecord(file))!;
    expect(resumed.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(withoutTimes(resumed.epochs)).toEqual(withoutTimes(straight.epochs));
    // Two carry-ons: from the end state at 4, and from the restored checkpoint at 4 (epochs 5-6 computed again, checked).
    expect(resumed.resumes.map((r) => r.fromEpoch)).toEqual([4, 4]);
    expect(straight.resumes).toEqual([]);
  });

  it('a resumed run that computes other numbers than the stored ones stops with exit 1 and leaves the record as it was', async () => {
    await measureLongRun(request('tampered', 4));
    const file = await onlyRecord('tampered');
    const runKey = path.basename(file, '.jsonl');
    const checkpoints = checkpointDirOf(path.join(root, 'tampered', 'checkpoints'), runKey);
    const keep = path.join(root, 'tampered-checkpoint-at-4');
    await cp(checkpoints, keep, { recursive: true });
    await measureLongRun(request('tampered', 6));
    await rm(checkpoints, { recursive: true });
    await cp(keep, checkpoints, { recursive: true });
    const lines = (await readFile(file, 'utf8')).split('\n');
    const five = JSON.parse(lines.find((l) => l.includes('"epoch":5'))!);
    lines[lines.indexOf(JSON.stringify(five))] = JSON.stringify({ ...five, loss: five.loss * 2 });
    await writeFile(file, lines.join('\n'));
    const before = await readFile(file, 'utf8');
    const error = await measureLongRun(request('tampered', 8)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NormpropError);
    expect((error as NormpropError).exitCode).toBe(1);
    expect((error as Error).message).toMatch(/epoch 5 computed again .* differs/);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('refuses a record of the same run key whose configuration differs, naming the file, and changes nothing', async () => {
    await measureLongRun(request('foreign', 2));
    const file = await onlyRecord('foreign');
    const [header, ...rest] = (await readFile(file, 'utf8')).split('\n');
    const h = JSON.parse(header);
    h.config.images.images[0].sha256 = '0'.repeat(64);
    const altered = [JSON.stringify(h), ...rest].join('\n');
    await writeFile(file, altered);
    await expect(measureLongRun(request('foreign', 4))).rejects.toThrow(
      new RegExp(`${path.basename(file).replace(/[.]/g, '[.]')}: a record of run .* configuration differs`),
    );
    expect(await readFile(file, 'utf8')).toBe(altered);
  });

  it('reads past a line cut off mid-write, and refuses out-of-order epochs and a malformed header naming file and line', async () => {
    await measureLongRun(request('torn', 3));
    const file = await onlyRecord('torn');
    const whole = await readFile(file, 'utf8');
    await writeFile(file, `${whole}{"kind":"epoch","epo`);
    const torn = (await readLongRunRecord(file))!;
    expect(torn.tornTail).toBe(true);
    expect(torn.epochs).toHaveLength(3);
    // Carrying the run on cuts the half line (normprop's own) before appending.
    await measureLongRun(request('torn', 4));
    expect((await readLongRunRecord(file))!.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);

    const lines = whole.trimEnd().split('\n');
    await writeFile(file, [lines[0], lines[2], lines[1]].join('\n') + '\n');
    await expect(readLongRunRecord(file)).rejects.toThrow(`${file}:2: epoch 2 where 1 was due`);
    await writeFile(file, '{"format":"something-else"}\n');
    await expect(readLongRunRecord(file)).rejects.toThrow(`${file}:1: not a long-run record`);
  });

  it('refuses a second process on the same run (naming the holder) and takes over the lock of one that died', async () => {
    await measureLongRun(request('locked', 1));
    const file = await onlyRecord('locked');
    const before = await readFile(file, 'utf8');
    // The test runner's parent process stands for a live holder.
    await writeFile(`${file}.running`, String(process.ppid));
    await expect(measureLongRun(request('locked', 2))).rejects.toThrow(
      `${file}: another measure:c10 (process ${process.ppid}) is already running this run`,
    );
    expect(await readFile(file, 'utf8')).toBe(before);
    await writeFile(`${file}.running`, '2147483646');
    await measureLongRun(request('locked', 2));
    expect((await readLongRunRecord(file))!.epochs).toHaveLength(2);
    await expect(readFile(`${file}.running`)).rejects.toThrow(/ENOENT/);
  });

  it('stableFrom: the first epoch of the first run of `window` right epochs', () => {
    const t = true;
    const f = false;
    expect(stableFrom([f, t, t, f, t, t, t], 3)).toBe(5);
    expect(stableFrom([t, t, t], 3)).toBe(1);
    expect(stableFrom([t, t, f], 3)).toBeNull();
  });
});

describe('moving statistics against batch statistics', () => {
  it("recovers the batch statistics of a fit() step from the moving statistics around it (BN on the input: the input's own moments)", async () => {
    const input = tf.input({ shape: [4] });
    const bn = tf.layers.batchNormalization({ momentum: 0.99, name: 'bn' });
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.dense({ units: 2 }).apply(bn.apply(input)) as tf.SymbolicTensor,
    });
    model.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const x = tf.tensor2d(
      seededValues(6 * 4, 3).map((v, i) => 5 * v + (i % 4)),
      [6, 4],
    );
    const y = tf.zeros([6, 2]);
    const before = readMovingStats(model, ['bn']).bn;
    await model.fit(x, y, { epochs: 1, batchSize: 6, verbose: 0 });
    const after = readMovingStats(model, ['bn']).bn;
    const recovered = batchStatsOfStep(before, after, 0.99);
    const { mean, variance } = tf.moments(x, 0);
    const [m, v] = [mean.dataSync(), variance.dataSync()];
    recovered.mean.forEach((r, c) => expect(r).toBeCloseTo(m[c], 3));
    recovered.variance.forEach((r, c) => expect(r).toBeCloseTo(v[c], 2));
    // The gap of the initial moving statistics (0 and 1) to those moments, in the layer's own units.
    const gap = statsGap(before, recovered, 1e-3);
    const expectedShift = Math.sqrt([...m].reduce((s, mc, c) => s + mc ** 2 / (v[c] + 1e-3), 0) / 4);
    expect(gap.meanShift).toBeCloseTo(expectedShift, 2);
    tf.dispose([x, y, mean, variance]);
    model.dispose();
  });
});
