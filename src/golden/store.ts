import { rm } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../errors.js';
import { goldenDir } from '../settings.js';
import { writeJsonAtomic } from '../io/atomic-write.js';
import { MAX_GOLDEN_BYTES, readRegularTextFile } from '../io/read-bounded.js';
import { exceedsDepth, MAX_JSON_DEPTH } from '../io/json-depth.js';
import { checkGoldenValue } from './validate-value.js';
import { configHash, type GoldenRecord, type GoldenValue } from './record.js';

/** Where goldens live (settings' goldenDir()): golden/<name>.json, and a failing run's output beside it as <name>.obtained.json. */
export const goldenPath = (name: string, dir = goldenDir()) => path.join(dir, `${name}.json`);
export const obtainedPath = (name: string, dir = goldenDir()) => path.join(dir, `${name}.obtained.json`);

function checkValue(value: unknown, where: string, file: string): asserts value is GoldenValue {
  checkGoldenValue(value, where, file);
}

/** Checks a parsed golden's structure; every problem names the file and the field. */
export function validateGolden(data: unknown, file: string): GoldenRecord {
  const fail = (what: string) => {
    throw new InputError(`${file}: ${what}`);
  };
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    fail('not a golden record (expected a JSON object)');
  const r = data as Record<string, unknown>;
  if (typeof r.name !== 'string') fail('field "name" is missing or not a string');
  const p = r.provenance as Record<string, unknown> | undefined;
  if (!p || typeof p !== 'object') fail('field "provenance" is missing');
  for (const key of ['backend', 'tfjsVersion', 'normprop', 'configHash', 'date'])
    if (typeof p![key] !== 'string') fail(`field "provenance.${key}" is missing or not a string`);
  if (typeof p!.seed !== 'number') fail('field "provenance.seed" is missing or not a number');
  if (p!.inputSha256 !== undefined && (typeof p!.inputSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(p!.inputSha256)))
    fail('field "provenance.inputSha256" is not a sha256 in hex');
  const kernels = p!.kernels as { set?: unknown } | undefined;
  if (kernels !== undefined && (typeof kernels !== 'object' || !['stock', 'normprop'].includes(String(kernels?.set))))
    fail('field "provenance.kernels" is not a kernel set (set: stock or normprop)');
  if (!p!.config || typeof p!.config !== 'object' || Array.isArray(p!.config))
    fail('field "provenance.config" is missing or not an object');
  // The hash is what the check compares; a configuration edited by hand (or a hash edited by hand) must not pass for another.
  const actual = configHash(p!.config as Record<string, unknown>);
  if (actual !== p!.configHash) {
    fail(
      `field "provenance.configHash" is ${p!.configHash} but "provenance.config" hashes to ${actual}: the golden was edited by hand. Restore it with git, or delete it and run npm run golden:update`,
    );
  }
  if (!r.fields || typeof r.fields !== 'object' || Array.isArray(r.fields))
    fail('field "fields" is missing or not an object');
  for (const [name, value] of Object.entries(r.fields as Record<string, unknown>))
    checkValue(value, `fields.${name}`, file);
  return data as GoldenRecord;
}

/** The two kinds of record file beside each other in golden/, and what to do when one is corrupt. */
const RECORD_FILES = {
  golden: { path: goldenPath, repair: 'fix it or restore it with git, then rerun' },
  'obtained record': { path: obtainedPath, repair: 'rerun the golden check to write it again' },
} as const;

/**
 * Reads a golden or an obtained record of `name`; undefined when there is none. A FIFO or device at the
 * path is refused rather than read (it would hang), and so is a huge or too deeply nested file; a
 * corrupt one, or one under another name, is an InputError naming the file.
 */
export async function readRecordFile(
  name: string,
  kind: keyof typeof RECORD_FILES,
  dir = goldenDir(),
): Promise<GoldenRecord | undefined> {
  const file = RECORD_FILES[kind].path(name, dir);
  const text = await readRegularTextFile(file, MAX_GOLDEN_BYTES, kind);
  if (text === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${file}: not valid JSON (${(error as Error).message}); ${RECORD_FILES[kind].repair}`);
  }
  if (exceedsDepth(data, MAX_JSON_DEPTH))
    throw new InputError(`${file}: nested deeper than ${MAX_JSON_DEPTH} levels; not a golden normprop wrote`);
  const record = validateGolden(data, file);
  if (record.name !== name)
    throw new InputError(
      `${file}: field "name" is "${record.name}", but the file is the ${kind} of "${name}"; a record copied or renamed by hand is not trusted`,
    );
  return record;
}

/** Reads a golden; undefined when there is none. */
export const readGolden = (name: string, dir = goldenDir()): Promise<GoldenRecord | undefined> =>
  readRecordFile(name, 'golden', dir);

/** Writes atomically, refusing non-finite numbers (JSON would store NaN as null, silently). */
export async function writeRecord(file: string, record: GoldenRecord): Promise<void> {
  for (const [name, value] of Object.entries(record.fields)) checkValue(value, `fields.${name}`, file);
  await writeJsonAtomic(file, record);
}

export async function removeObtained(name: string, dir = goldenDir()): Promise<void> {
  await rm(obtainedPath(name, dir), { force: true });
}
