import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { processAlive } from '../io/atomic-write.js';
import { checkClearable, isOwnedFolder, makeFolder, markFolder } from '../io/owned-folder.js';
import { MAX_PART_BYTES, readRegularTextFile } from '../io/read-bounded.js';

/**
 * The folders of one vitest run. Every run, full or partial, stores its parts in a staging folder of
 * its own (`<reports>/.staging-<pid>`), so two runs in one checkout never clear each other's parts;
 * at the end its parts replace the last ones of the same kind (full or partial) in one rename each.
 */
const STAGING = /^\.staging-(\d+)(?:-[0-9a-f]+)?$/;

/** Creates this run's staging folder (`.staging-<pid>-<random>`: the pid says whose it is), marked as normprop's. */
export async function createStaging(reportsDir: string, setBy: string): Promise<string> {
  const dir = path.join(reportsDir, `.staging-${process.pid}-${randomBytes(4).toString('hex')}`);
  await makeFolder(dir, setBy);
  await markFolder(dir, { staging: true, started: new Date().toISOString() });
  return dir;
}

/**
 * Removes the staging folders of runs that were killed (their process is gone). A live run's is never
 * touched, nor a folder without normprop's mark (on it, or, as older versions wrote it, on its parts).
 */
export async function removeStaleStaging(reportsDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(reportsDir).catch(() => [] as string[])) {
    const pid = Number(STAGING.exec(name)?.[1]);
    if (!pid || pid === process.pid || processAlive(pid)) continue;
    const dir = path.join(reportsDir, name);
    const marked =
      (await isOwnedFolder(dir)) ||
      ((await isOwnedFolder(path.join(dir, 'ledger-parts'))) &&
        (await readdir(dir)).every((n) => n.endsWith('-parts')));
    if (!marked) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

/**
 * Moves the parts folder `from` (in this run's staging folder) to `target`, replacing the one there
 * only if normprop made it. The old one is first renamed into the staging folder, so a run finishing
 * at the same moment cannot make the rename fail half-way; the last run to finish wins.
 */
export async function settleInto(from: string, target: string, staging: string, setBy: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    const existing = await lstat(target).catch(() => undefined);
    if (existing) {
      // A person's folder (or file) there is refused; an empty one or normprop's own may go.
      if (!(await isOwnedFolder(target))) await checkClearable(target, setBy);
      await rename(target, path.join(staging, `replaced-${randomBytes(4).toString('hex')}`)).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== 'ENOENT') throw error;
        },
      );
    }
    try {
      await rename(from, target);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Another run settled between the two renames: move its folder aside too, a few times at most.
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt >= 5) throw error;
    }
  }
}

/**
 * Whether `dir` holds the ledger of a full run (ledger.json whose `partial` list is empty). One that
 * cannot be read is counted as full: a partial run must never be the one to replace it.
 */
export async function holdsFullLedger(dir: string): Promise<boolean> {
  let text: string | undefined;
  try {
    text = await readRegularTextFile(path.join(dir, 'ledger.json'), MAX_PART_BYTES * 4, 'ledger');
  } catch {
    return true;
  }
  if (text === undefined) return false;
  try {
    const partial = (JSON.parse(text) as { partial?: unknown }).partial;
    return !(Array.isArray(partial) && partial.length > 0);
  } catch {
    return true;
  }
}
