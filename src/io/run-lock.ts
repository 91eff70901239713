import { rm } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { tryTakeLock } from './file-lock.js';

/**
 * A lock held for the whole of a long run on one stored record (measure:c10 appends to it for an
 * hour): `<file>.running` holds the owner's pid. A second process for the same record is refused at
 * once, naming the holder, instead of appending into the same file; a lock whose owner died (a killed
 * run) is taken over. Unlike withFileLock, it never waits.
 */
export async function withRunLock<T>(file: string, what: string, fn: () => Promise<T>): Promise<T> {
  const lock = `${file}.running`;
  const holder = await tryTakeLock(lock);
  if (holder !== undefined)
    throw new InputError(
      `${file}: ${what} (process ${holder || '?'}) is already running this run; wait for it or stop it (its lock: ${lock})`,
    );
  try {
    return await fn();
  } finally {
    await rm(lock, { force: true });
  }
}
