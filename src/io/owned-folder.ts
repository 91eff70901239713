import { lstat, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { writeJsonAtomic } from './atomic-write.js';
import { kindOf } from './read-bounded.js';

/**
 * normprop deletes only what it created. Every folder it may later clear or replace (parts folders,
 * a run's staging folder) carries this file from its creation; a folder without it is a person's,
 * and is never emptied.
 */
export const OWN_MARKER = '.normprop-run';

/** Whether `dir` carries normprop's mark (a regular file, not a link someone planted). */
export async function isOwnedFolder(dir: string): Promise<boolean> {
  const info = await lstat(path.join(dir, OWN_MARKER)).catch(() => undefined);
  return info?.isFile() === true;
}

/**
 * Creates `dir` (and its parents), turning a failure into one line naming `setBy` and the folder: a
 * read-only checkout gave vitest's "Unhandled Error: ENOENT mkdir 'reports'".
 */
export async function makeFolder(dir: string, setBy: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = await realCode(dir, error as NodeJS.ErrnoException);
    const why = code === 'EROFS' ? 'read-only file system' : code === 'EACCES' ? 'permission denied' : code;
    throw new InputError(`${setBy}: cannot create ${dir} (${why}); point it at a writable folder`);
  }
}

/** A recursive mkdir on a read-only file system says ENOENT; one plain mkdir below the deepest existing folder says why. */
async function realCode(dir: string, error: NodeJS.ErrnoException): Promise<string> {
  if (error.code !== 'ENOENT') return error.code ?? error.message;
  let child = path.resolve(dir);
  while ((await lstat(path.dirname(child)).catch(() => undefined)) === undefined && path.dirname(child) !== child)
    child = path.dirname(child);
  try {
    await mkdir(child);
    await rm(child, { recursive: true });
    return error.code;
  } catch (probe) {
    return (probe as NodeJS.ErrnoException).code ?? error.code;
  }
}

export async function markFolder(dir: string, mark: Record<string, unknown>): Promise<void> {
  await writeJsonAtomic(path.join(dir, OWN_MARKER), { ...mark, pid: process.pid });
}

/** The refusal for a folder normprop may not clear, naming what set it (a variable or a flag) and the folder. */
export function notOwned(setBy: string, dir: string): InputError {
  return new InputError(
    `${setBy}: ${dir} is a folder normprop did not create (it has no ${OWN_MARKER}); normprop empties its parts folders, so name a new or empty folder. Nothing was deleted`,
  );
}

/**
 * Checks that `dir` may be cleared or replaced by normprop: absent, empty, or marked as normprop's.
 * Anything else (a person's folder, a file) is an InputError naming `setBy` and the path.
 */
export async function checkClearable(dir: string, setBy: string): Promise<void> {
  const info = await lstat(dir).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new InputError(`${setBy}: ${dir} is ${kindOf(info)}, not a folder`);
  if (await isOwnedFolder(dir)) return;
  if ((await readdir(dir)).length > 0) throw notOwned(setBy, dir);
}

/**
 * Makes `dir` an empty parts folder of this run: created (and marked) when absent; when it is
 * normprop's, only the files normprop writes there (results `*.json`, temporaries `*.tmp`) are
 * removed; a folder normprop did not create is refused (checkClearable) with nothing deleted.
 */
export async function claimFolder(dir: string, setBy: string, mark: Record<string, unknown>): Promise<void> {
  await checkClearable(dir, setBy);
  await makeFolder(dir, setBy);
  for (const name of await readdir(dir))
    if (name.endsWith('.json') || name.endsWith('.tmp')) await rm(path.join(dir, name), { force: true });
  await markFolder(dir, mark);
}

/** Removes `dir` and everything in it, but only when normprop made it (absent is fine). */
export async function removeOwnedFolder(dir: string, setBy: string): Promise<void> {
  const info = await lstat(dir).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory() || !(await isOwnedFolder(dir))) throw notOwned(setBy, dir);
  await rm(dir, { recursive: true, force: true });
}
