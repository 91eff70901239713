import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFileLock } from './file-lock.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-lock-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('withFileLock', () => {
  it('runs one holder at a time, takes over a dead owner’s lock, refuses after the wait naming the file and holder', async () => {
    const file = path.join(dir, 'g.json');
    const order: string[] = [];
    const step = (name: string) =>
      withFileLock(file, async () => {
        order.push(`${name} in`);
        await sleep(30);
        order.push(`${name} out`);
      });
    await Promise.all([step('a'), step('b')]);
    expect(order).toEqual([order[0], order[0].replace('in', 'out'), order[2], order[2].replace('in', 'out')]);
    const dead = execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString();
    await writeFile(`${file}.lock`, dead);
    expect(await withFileLock(file, async () => 'taken over')).toBe('taken over');
    await writeFile(`${file}.lock`, String(process.ppid));
    await expect(withFileLock(file, async () => 'never', 50)).rejects.toThrow(
      `${file}: locked by process ${process.ppid}`,
    );
    await rm(`${file}.lock`);
    expect(await readdir(dir)).toEqual([]);
  });
});
