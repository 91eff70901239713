import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { writeJsonAtomic } from './atomic-write.js';
import { exceedsDepth, MAX_JSON_DEPTH } from './json-depth.js';
import { OWN_MARKER } from './owned-folder.js';
import { MAX_PART_BYTES, readRegularTextFile } from './read-bounded.js';

/**
 * Results travel from test workers (separate processes) to the reports written at the end of the
 * run through one small JSON file per result, written atomically, so parallel writers never clobber
 * each other and a reader never sees half a file.
 */
/** The mark of a parts folder a run wrote (also what makes it normprop's to clear: owned-folder.ts). */
export const RUN_MARKER = OWN_MARKER;

/**
 * The format of a part file, stored in it as `format`: a reader refuses a format it does not know
 * rather than misread it. Parts written before the field existed (no `format`) are this format's first form.
 */
export const PART_FORMAT = 1;

export class PartsStore<T> {
  constructor(readonly dir: string) {}

  async write(key: string, value: T): Promise<void> {
    await writeJsonAtomic(path.join(this.dir, `${key.replace(/[^A-Za-z0-9_.-]+/g, '-')}.json`), {
      format: PART_FORMAT,
      ...value,
    });
  }

  /** Every part, each checked by `check` (which throws naming the file) after its format is. */
  async readAll(check: (value: unknown, file: string) => T = (value) => value as T): Promise<T[]> {
    const values: T[] = [];
    for (const name of await this.names()) {
      const value = await this.read(name, check);
      if (value !== undefined) values.push(value);
    }
    return values;
  }

  /** The parts' file names, sorted (none when the folder does not exist). */
  async names(): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[]);
    return names.filter((n) => n.endsWith('.json')).sort();
  }

  /** One part by file name, checked like readAll's; undefined when it is not a regular file. */
  async read(name: string, check: (value: unknown, file: string) => T = (value) => value as T): Promise<T | undefined> {
    const file = path.join(this.dir, name);
    // A FIFO or a huge file among the parts is refused, not read (it would hang or fill memory).
    const text = await readRegularTextFile(file, MAX_PART_BYTES, 'stored result');
    if (text === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${file}: not a readable result (${(error as Error).message})`);
    }
    if (exceedsDepth(value, MAX_JSON_DEPTH))
      throw new InputError(`${file}: nested deeper than ${MAX_JSON_DEPTH} levels; not a result normprop wrote`);
    return check(withoutFormat(value, file), file);
  }

  /**
   * Marks the folder as written by a run (which may store no result in it, e.g. a shard without
   * goldens), so a reader can tell it from an empty folder a lost artifact left. Not a .json file:
   * readers of results never see it.
   */
  async markRun(run: Record<string, unknown>): Promise<void> {
    await writeJsonAtomic(path.join(this.dir, RUN_MARKER), run);
  }
}

/** The part without its `format` field, refusing a format this normprop does not read. */
function withoutFormat(value: unknown, file: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !('format' in value)) return value;
  const { format, ...rest } = value as Record<string, unknown>;
  if (format !== PART_FORMAT)
    throw new InputError(
      `${file}: field "format" is ${JSON.stringify(format)}; this normprop reads parts of format ${PART_FORMAT} (written by another version?)`,
    );
  return rest;
}
