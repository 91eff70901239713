import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { processAlive } from './atomic-write.js';
import { readRegularTextFile } from './read-bounded.js';

/**
 * A lock held for the whole of a long run on one stored record (measure:c10 appends to it for an
 * hour): `<file>.running` holds the owner's pid, created exclusively. A second process for the same
 * record is refused at once, naming the holder, instead of appending into the same file; a lock whose
 * owner died (a killed run) is taken over. Unlike withFileLock, it never waits.
 */
export async function withRunLock<T>(file: string, what: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${file}.running`;
  await mkdir(path.dirname(path.resolve(lock)), { recursive: true });
  for (;;) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readRegularTextFile(lock, 64, 'run lock').catch(() => undefined))?.trim() ?? '');
    if (holder && holder !== process.pid && !processAlive(holder)) {
      await rm(lock, { force: true });
      continue;
    }
    throw new InputError(
      `${file}: ${what} (process ${holder || '?'}) is already running this run; wait for it or stop it (its lock: ${lock})`,
    );
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}
