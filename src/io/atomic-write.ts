import { lstat, mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { InputError } from '../errors.js';
import { kindOf } from './read-bounded.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether a process with this id exists (a writer or a run that may still need its files). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but is another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes `<file>.<pid>.<hex>.tmp` files left by writers of the same target that were killed
 * mid-write (their process is gone). A live writer's temporary file is left alone.
 */
async function removeStaleTemporaries(file: string): Promise<void> {
  const pattern = new RegExp(`^${escapeRegExp(path.basename(file))}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp$`);
  const names = await readdir(path.dirname(file)).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (pid && pid !== process.pid && !processAlive(pid))
      await rm(path.join(path.dirname(file), name), { force: true });
  }
}

/**
 * Writes a file so that readers see the old content or the new, never a part: a temporary file in the
 * same folder, then a rename (atomic on one file system). The temporary file is removed on failure.
 * The rename only ever replaces a regular file: a folder, link, FIFO or device at the path is an
 * InputError naming it, and so is a write that fails (full disk, read-only file system).
 */
export async function writeFileAtomic(
  file: string,
  content: string | Uint8Array | AsyncIterable<string | Uint8Array>,
): Promise<void> {
  const fail = (error: unknown): never => {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (!code) throw error;
    throw new InputError(
      `${file}: cannot write (${code === 'ENOSPC' ? 'the disk is full' : code === 'EROFS' ? 'read-only file system' : (error as Error).message})`,
    );
  };
  await mkdir(path.dirname(path.resolve(file)), { recursive: true }).catch(fail);
  await removeStaleTemporaries(file);
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, content);
    const existing = await lstat(file).catch(() => undefined);
    if (existing && !existing.isFile())
      throw new InputError(`${file}: is ${kindOf(existing)}; normprop replaces only regular files`);
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    fail(error);
  }
}

export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
