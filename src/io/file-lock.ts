import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError } from '../errors.js';
import { processAlive } from './atomic-write.js';
import { readRegularTextFile } from './read-bounded.js';

/**
 * Creates `lock` exclusively (O_EXCL) holding this process's pid: undefined when taken, else the
 * holder's pid (0 when the file is empty: being written this instant). A lock whose owner died is
 * removed and taken; a FIFO planted at the path is read through the bounded reader, never blocks, and
 * is never taken over. Shared by withFileLock (waits) and withRunLock (refuses at once).
 */
export async function tryTakeLock(lock: string): Promise<number | undefined> {
  await mkdir(path.dirname(path.resolve(lock)), { recursive: true });
  for (;;) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readRegularTextFile(lock, 64, 'lock').catch(() => undefined))?.trim() ?? '') || 0;
    if (!holder || processAlive(holder)) return holder;
    await rm(lock, { force: true });
  }
}

/**
 * A lock on one stored file, for read-compare-write steps that two processes may run at once (two
 * runs settling one failure, golden accept against golden update). `<file>.lock` is created
 * exclusively (O_EXCL) and holds the owner's pid; a lock whose owner died is taken over. Waits up to
 * `waitMs`, then refuses naming the file and the holder: a lock is held for milliseconds, never for
 * the length of a run.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, waitMs = 10_000): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    const holder = await tryTakeLock(lock);
    if (holder === undefined) break;
    if (Date.now() > deadline)
      throw new InputError(
        `${file}: locked by process ${holder || '?'} (${lock}); another normprop command is writing it`,
      );
    await sleep(10 + Math.random() * 20);
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}

/** Locks several files (in sorted order, so two callers cannot each hold one the other waits for). */
export async function withFileLocks<T>(files: string[], fn: () => Promise<T>, waitMs?: number): Promise<T> {
  const [first, ...rest] = [...new Set(files)].sort();
  if (first === undefined) return fn();
  return withFileLock(first, () => withFileLocks(rest, fn, waitMs), waitMs);
}
