import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { withFileLocks } from '../io/file-lock.js';
import { MAX_GOLDEN_BYTES, readRegularTextFile } from '../io/read-bounded.js';
import { compareRecords } from './compare.js';
import { goldenPath, obtainedPath, readGolden, readRecordFile, removeObtained, writeRecord } from './store.js';
import { goldenDir } from '../settings.js';
import type { GoldenRecord } from './record.js';

/**
 * `normprop golden accept`: a failing golden check has already written NAME.obtained.json beside the
 * golden, so accepting the change means promoting that file, not rerunning the experiment (minutes
 * for ResNet50). Every obtained file is validated like a golden before anything is replaced.
 */
export interface AcceptedGolden {
  name: string;
  golden: string;
  /** What changed, one line per field (or the configuration), as the check reported it. */
  changes: string[];
}

const OBTAINED_SUFFIX = '.obtained.json';

/** Names of the goldens that have an obtained record waiting in `dir`. */
export async function pendingObtained(dir = goldenDir()): Promise<string[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    throw new InputError(`${dir}: cannot list the goldens folder (${(error as Error).message})`);
  }
  return entries
    .filter((f) => f.endsWith(OBTAINED_SUFFIX))
    .map((f) => f.slice(0, -OBTAINED_SUFFIX.length))
    .sort();
}

async function readObtained(name: string, dir: string) {
  const record = await readRecordFile(name, 'obtained record', dir);
  // Listed a moment ago: a file gone since is a race with another process, said as such.
  if (!record) throw new InputError(`${obtainedPath(name, dir)}: disappeared while golden accept ran`);
  return record;
}

function changesBetween(
  expected: Awaited<ReturnType<typeof readGolden>>,
  obtained: Awaited<ReturnType<typeof readObtained>>,
): string[] {
  if (!expected) return ['new golden (there was none)'];
  if (expected.provenance.configHash !== obtained.provenance.configHash)
    return [`configuration ${expected.provenance.configHash} -> ${obtained.provenance.configHash}`];
  const diff = compareRecords(expected, obtained);
  const moved = diff.fields.filter((f) => f.mismatches > 0);
  if (moved.length === 0) return ['no field out of tolerance (provenance only)'];
  return moved.map((f) =>
    f.structural
      ? `${f.field}: ${f.structural}`
      : `${f.field}: ${f.mismatches}/${f.count} values moved, max abs ${f.maxAbs.toExponential(2)}, max rel ${f.maxRel.toExponential(2)}`,
  );
}

/**
 * Promotes the obtained records of `only` (default: every one waiting). All are read and validated
 * first, so one bad file leaves every golden as it was.
 */
export async function acceptObtained(
  only: string[] | undefined,
  dir = goldenDir(),
  /** Tests only: runs between reading and writing, where another command may interleave. */
  afterRead: () => Promise<void> = async () => undefined,
): Promise<AcceptedGolden[]> {
  const waiting = await pendingObtained(dir);
  const names = only ?? waiting;
  if (names.length === 0)
    throw new InputError(
      `${dir}: no *.obtained.json to accept (a failing golden check writes NAME.obtained.json; run npm test first)`,
    );
  for (const name of names) {
    if (!waiting.includes(name))
      throw new InputError(
        `${obtainedPath(name, dir)}: no obtained record for "${name}"${waiting.length ? ` (waiting: ${waiting.join(', ')})` : ''}`,
      );
  }
  const plans: {
    name: string;
    obtained: GoldenRecord;
    seen: Awaited<ReturnType<typeof filesNow>>;
    changes: string[];
  }[] = [];
  for (const name of names) {
    // The bytes are read before the records: a change after this point is seen by the comparison below.
    const seen = await filesNow(name, dir);
    const obtained = await readObtained(name, dir);
    plans.push({ name, obtained, seen, changes: changesBetween(await readGolden(name, dir), obtained) });
  }
  await afterRead();
  // Compare-and-swap under the goldens' locks (golden update takes the same): a golden or obtained
  // record that changed since it was read (a golden update rewrote it) stops the accept, nothing written.
  return withFileLocks(
    plans.map((p) => goldenPath(p.name, dir)),
    async () => {
      for (const { name, seen } of plans) {
        const now = await filesNow(name, dir);
        if (now.golden !== seen.golden || now.obtained !== seen.obtained)
          throw new InputError(
            `${goldenPath(name, dir)}: changed while golden accept ran (another golden update or accept wrote it); nothing was accepted. Rerun golden accept to review what is there now`,
          );
      }
      const accepted: AcceptedGolden[] = [];
      for (const { name, obtained, changes } of plans) {
        const golden = goldenPath(name, dir);
        await writeRecord(golden, obtained);
        await removeObtained(name, dir);
        accepted.push({ name, golden: path.relative(process.cwd(), golden) || golden, changes });
      }
      return accepted;
    },
  );
}

/** The golden's and the obtained record's bytes now (undefined where absent), for the comparison. */
async function filesNow(name: string, dir: string) {
  const read = (file: string, what: string) => readRegularTextFile(file, MAX_GOLDEN_BYTES, what);
  return {
    golden: await read(goldenPath(name, dir), 'golden'),
    obtained: await read(obtainedPath(name, dir), 'obtained record'),
  };
}
