import type { Stats } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { kindOf } from '../io/read-bounded.js';

/** A folder of training images, listed once: the label check and the loading use the same list. */
export interface ImageFolderListing {
  dir: string;
  /** Absolute paths of the images, sorted by name (code-point order, the same on every machine). */
  files: string[];
  /** Hidden entries (names starting with '.'), which are skipped; --verbose lists them. */
  hidden: string[];
}

const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Lists an images folder. Images and labels are paired by sorted order, so every entry that is not
 * hidden is either an image file or a refusal naming it: an entry dropped without a word (a FIFO, a
 * subfolder called b.png, a dangling link) would shift every later image to another class.
 */
export async function listImageFolder(dir: string): Promise<ImageFolderListing> {
  let raw: Buffer[];
  try {
    raw = await readdir(dir, { encoding: 'buffer' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `${dir}: cannot read the images folder (${code === 'ENOENT' ? 'it does not exist' : code === 'ENOTDIR' ? 'it is not a folder' : code === 'ELOOP' ? 'a symbolic link loop' : String((error as Error).message)})`,
    );
  }
  const names: string[] = [];
  for (const name of raw) {
    try {
      names.push(utf8.decode(name));
    } catch {
      // Sorting and printing such a name differs between machines; rename it.
      throw new InputError(
        `${dir}: the entry ${JSON.stringify(name.toString('latin1'))} (bytes ${name.toString('hex')}) has a name that is not valid UTF-8; rename it`,
      );
    }
  }
  const hidden = names.filter((n) => n.startsWith('.')).sort(byCodePoint);
  const files: string[] = [];
  for (const name of names.filter((n) => !n.startsWith('.')).sort(byCodePoint)) {
    const full = path.resolve(dir, name);
    const refuse = (what: string): never => {
      throw new InputError(
        `${full}: ${what}; the images folder may hold only image files (names starting with "." are skipped)`,
      );
    };
    let info: Stats = await lstat(full).catch((error: NodeJS.ErrnoException) =>
      refuse(`cannot be read (${error.code ?? error.message})`),
    );
    if (info.isSymbolicLink()) {
      info = await stat(full).catch((error: NodeJS.ErrnoException) =>
        refuse(
          error.code === 'ELOOP'
            ? 'is a symbolic link loop'
            : error.code === 'ENOENT'
              ? 'is a dangling symbolic link (its target does not exist)'
              : `is a symbolic link that cannot be followed (${error.code})`,
        ),
      );
    }
    if (!info.isFile()) refuse(`is ${kindOf(info)}, not an image file`);
    files.push(full);
  }
  if (files.length === 0) throw new InputError(`${dir}: the images folder has no image files`);
  return { dir, files, hidden };
}
