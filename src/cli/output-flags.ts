import path from 'node:path';
import { checkOutputPath } from '../io/output-path.js';
import { goldenDir } from '../settings.js';

/**
 * Checks the files a command will write, before it does any work: each must be a regular file or
 * absent, creatable, writable, none of `inputs`, and outside the goldens folder. `flag` names the
 * option they come from in a refusal.
 */
export async function checkOutputs(flag: string, files: string[], inputs: string[] = []): Promise<void> {
  for (const file of files) await checkOutputPath(file, flag, { notOneOf: inputs, notInside: [goldenDir()] });
}

/** The files a reports folder receives from one command. */
export const reportFiles = (dir: string, names: string[]) => names.map((name) => path.join(dir, name));
