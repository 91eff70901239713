import { access, constants, lstat, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { kindOf } from './read-bounded.js';

export interface OutputPathRules {
  /** Files that must not be written over (the run's inputs). */
  notOneOf?: string[];
  /** Folders nothing may be written into (the goldens). */
  notInside?: string[];
}

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;
const real = async (p: string) => realpath(p).catch(() => path.resolve(p));
const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/**
 * Checks an output path before any work starts, so that a bad --json is refused at once, not after
 * minutes of training: the target must be a regular file or absent, its folder must exist or be
 * creatable and be writable, and it must be none of the inputs nor inside the goldens. `flag` names
 * the option in the message.
 */
export async function checkOutputPath(file: string, flag: string, rules: OutputPathRules = {}): Promise<void> {
  const target = path.resolve(file);
  const refuse = (what: string): never => {
    throw new InputError(`${flag}: ${target} ${what}`);
  };
  const info = await lstat(target).catch((error) =>
    errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR' ? undefined : refuse(`cannot be checked (${errno(error)})`),
  );
  // A rename over a folder fails, and over a link, FIFO or device it would replace that entry with a file.
  if (info && !info.isFile()) refuse(`is ${kindOf(info)}; give the path of a regular file (or of one to create)`);
  const resolvedTarget = await real(target);
  for (const input of rules.notOneOf ?? [])
    if ((await real(input)) === resolvedTarget)
      refuse(`is one of this run's inputs; writing it would overwrite ${input}`);
  for (const dir of rules.notInside ?? [])
    if (inside(resolvedTarget, await real(dir))) refuse(`is inside the goldens folder ${dir}; write records elsewhere`);
  // The nearest existing ancestor must be a folder we can write into (mkdir -p makes the rest).
  let ancestor = path.dirname(target);
  for (;;) {
    const up = await stat(ancestor).catch((error) =>
      errno(error) === 'ENOENT' || errno(error) === 'ENOTDIR'
        ? undefined
        : refuse(`cannot be checked (${errno(error)} on ${ancestor})`),
    );
    if (up && !up.isDirectory()) refuse(`cannot be created: ${ancestor} is ${kindOf(up)}, not a folder`);
    if (up) break;
    ancestor = path.dirname(ancestor);
  }
  await access(info ? target : ancestor, constants.W_OK).catch((error) =>
    refuse(
      `is not writable (${errno(error) === 'EROFS' ? 'read-only file system' : errno(error)} on ${info ? target : ancestor})`,
    ),
  );
}
