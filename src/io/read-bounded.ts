import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { InputError } from '../errors.js';

/** Size limits of the files normprop reads back (far above what it writes: goldens are tens of kB). */
export const MAX_GOLDEN_BYTES = 16 * 1024 * 1024;
export const MAX_PART_BYTES = 4 * 1024 * 1024;
export const MAX_STORED_FAILURE_BYTES = 1024 * 1024;

/** What a path is, in words, for a message refusing it. */
export function kindOf(info: Stats): string {
  if (info.isFile()) return 'a regular file';
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  if (info.isSymbolicLink()) return 'a symbolic link';
  return 'not a regular file';
}

/**
 * Reads a whole regular file, refusing anything else before reading a byte: a FIFO would block the
 * reader forever and a device never ends. It opens without blocking (O_NONBLOCK: opening a FIFO
 * does not wait for a writer) and checks the opened file itself, so a path swapped after a check
 * cannot slip through. Undefined when the file does not exist.
 */
export async function readRegularFile(file: string, maxBytes: number, what: string): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    const reason =
      code === 'ELOOP'
        ? 'a symbolic link loop'
        : code === 'ENXIO'
          ? 'a socket or a device with nothing behind it'
          : String((error as Error).message);
    throw new InputError(`${file}: cannot read the ${what} (${reason})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new InputError(`${file}: the ${what} is ${kindOf(info)}, not a regular file`);
    if (info.size > maxBytes)
      throw new InputError(
        `${file}: the ${what} is ${info.size} bytes, above the limit of ${maxBytes}; it is not one normprop wrote`,
      );
    return await handle.readFile();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: cannot read the ${what} (${(error as Error).message})`);
  } finally {
    await handle.close();
  }
}

/** The same as UTF-8 text. */
export async function readRegularTextFile(file: string, maxBytes: number, what: string): Promise<string | undefined> {
  return (await readRegularFile(file, maxBytes, what))?.toString('utf8');
}
