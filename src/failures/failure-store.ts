import { readdir, rm } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import path from 'node:path';
import * as devalue from 'devalue';
import { InputError } from '../errors.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import { withFileLock } from '../io/file-lock.js';
import { MAX_STORED_FAILURE_BYTES, readRegularTextFile } from '../io/read-bounded.js';
import { failuresDir } from '../settings.js';

/**
 * The failure database fast-check lacks (fast-check issue 3399): the last shrunk counterexample of
 * every failing property, with the seed and path that found it, so the next run tries it first.
 *
 * It lives in `.normprop/failures/` (ignored by git). To keep it with the code, point
 * NORMPROP_FAILURES_DIR at a tracked folder (e.g. `failures/`) and commit what it holds (settings' failuresDir()).
 */

export interface StoredFailure {
  /** Which property: a claim check (`C03-...--check`) or an assertProperty name. */
  property: string;
  /** fast-check's seed and path of the failing run, to replay it exactly while the arbitraries are unchanged. */
  seed: number;
  path: string;
  /**
   * The shrunk counterexample (the property's argument tuple), encoded with devalue: JSON loses -0,
   * NaN, undefined and typed arrays. Absent when a value cannot be encoded (a class instance): then
   * only seed and path replay it.
   */
  counterexample?: string;
  /** The same, as fast-check prints it, for people. */
  printed: string;
  failure?: string;
  date: string;
}

/** One file per property: `<dir>/<property>.json`, written atomically. */
export class FailureStore {
  constructor(readonly dir: string = failuresDir()) {}

  fileOf(property: string): string {
    return path.join(this.dir, `${property.replace(/[^A-Za-z0-9_.-]+/g, '-')}.json`);
  }

  async read(property: string): Promise<StoredFailure | undefined> {
    const file = this.fileOf(property);
    // A FIFO or device at the path is refused, not read (it would hang), and so is a huge file.
    const text = await readRegularTextFile(file, MAX_STORED_FAILURE_BYTES, 'stored failure');
    if (text === undefined) return undefined;
    try {
      const entry = JSON.parse(text) as StoredFailure;
      if (typeof entry.seed !== 'number' || typeof entry.path !== 'string')
        throw new Error('field "seed" or "path" is missing');
      return entry;
    } catch (error) {
      throw new InputError(`${file}: not a stored failure (${(error as Error).message}); delete it to start afresh`);
    }
  }

  /** The stored counterexample as fast-check `examples` (an empty list when there is none). */
  async examples<Ts>(property: string): Promise<Ts[]> {
    const entry = await this.read(property);
    if (!entry?.counterexample) return [];
    try {
      return [devalue.parse(entry.counterexample) as Ts];
    } catch (error) {
      throw new InputError(
        `${this.fileOf(property)}: field "counterexample" cannot be decoded (${(error as Error).message}); delete the file to start afresh`,
      );
    }
  }

  async record(
    property: string,
    failure: { seed: number; path: string; counterexample: unknown; printed: string; failure?: string },
  ): Promise<void> {
    let encoded: string | undefined;
    try {
      encoded = devalue.stringify(failure.counterexample);
    } catch {
      encoded = undefined;
    }
    const entry: StoredFailure = {
      property,
      seed: failure.seed,
      path: failure.path,
      ...(encoded !== undefined ? { counterexample: encoded } : {}),
      printed: failure.printed,
      ...(failure.failure ? { failure: failure.failure } : {}),
      date: new Date().toISOString(),
    };
    const file = this.fileOf(property);
    await withFileLock(file, () => writeJsonAtomic(file, entry));
  }

  /**
   * A property that passed after replaying `replayed` (the entry as this run read it) leaves the
   * database, but only if the entry is still that one: a run that failed meanwhile and stored a new
   * counterexample keeps it (compare-and-delete under the file's lock). Returns whether it was removed.
   */
  async forgetIfUnchanged(property: string, replayed: StoredFailure): Promise<boolean> {
    const file = this.fileOf(property);
    return withFileLock(file, async () => {
      const now = await this.read(property).catch(() => undefined);
      if (!now || !isDeepStrictEqual(now, replayed)) return false;
      await rm(file, { force: true });
      return true;
    });
  }

  async list(): Promise<string[]> {
    try {
      return (await readdir(this.dir))
        .filter((n) => n.endsWith('.json'))
        .map((n) => n.slice(0, -'.json'.length))
        .sort();
    } catch {
      return [];
    }
  }
}
