// Settings are checked once, at the start of a command or a test run, as strictly as flags: a value
// that would silently mean something else (NORMPROP_RESNET50_RUNS=0 storing "runs 0, rate 0/0",
// NORMPROP_REQUIRE_WEBGPU=yes meaning no) stops it with one line naming the variable.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './errors.js';
import { setting, type SettingName } from './settings.js';

type Rule = (value: string) => string | undefined;

const wholeNumber =
  (min: number, max: number, what: string): Rule =>
  (value) =>
    /^\d+$/.test(value) && Number(value) >= min && Number(value) <= max
      ? undefined
      : `is not ${what} (a whole number from ${min} to ${max})`;

/** What each variable with a fixed form accepts; the reason is said after the variable and its value. */
const RULES: Partial<Record<SettingName, Rule>> = {
  NORMPROP_RESNET50_RUNS: wholeNumber(1, 1000, 'a run count'),
  NORMPROP_THREADS: wholeNumber(1, 64, 'a thread count'),
  NORMPROP_SEED: (v) =>
    /^-?\d+$/.test(v) && Math.abs(Number(v)) <= 0x7fffffff ? undefined : 'is not a seed (a 32-bit integer)',
  NORMPROP_PATH: (v) => (/^\d+(:\d+)*$/.test(v) ? undefined : 'is not a fast-check path such as "82:13:22"'),
  NORMPROP_REQUIRE_WEBGPU: (v) => (v === '1' || v === '0' ? undefined : 'must be 1 (require) or 0 (skip without one)'),
};

/** Variables that name one folder each (NORMPROP_NORM_SPECS: several, by the path delimiter). */
const FOLDERS: SettingName[] = [
  'NORMPROP_FAILURES_DIR',
  'NORMPROP_GOLDEN_DIR',
  'NORMPROP_REPORTS_DIR',
  'NORMPROP_LEDGER_PARTS',
  'NORMPROP_GOLDEN_PARTS',
  'NORMPROP_NORM_SPECS',
];

/** A folder path that exists as something else, or lies below a file, is refused; a missing one is made when needed. */
async function folderProblem(dir: string): Promise<string | undefined> {
  try {
    const info = await stat(dir);
    return info.isDirectory() ? undefined : 'is not a folder';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') return 'lies below a file, so it cannot be a folder';
    if (code === 'ELOOP') return 'is a symbolic link loop';
    return `cannot be checked (${(error as Error).message})`;
  }
}

/** Throws a UsageError naming the first variable whose value is refused. */
export async function checkSettings(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  for (const [name, rule] of Object.entries(RULES) as [SettingName, Rule][]) {
    const value = setting(name, env);
    const problem = value === undefined ? undefined : rule(value);
    if (problem) throw new UsageError(`${name}: "${value}" ${problem}`);
  }
  for (const name of FOLDERS) {
    const value = setting(name, env);
    if (value === undefined) continue;
    const dirs = name === 'NORMPROP_NORM_SPECS' ? value.split(path.delimiter).filter((d) => d !== '') : [value];
    for (const dir of dirs) {
      const problem = await folderProblem(dir);
      if (problem) throw new UsageError(`${name}: ${dir} ${problem}`);
    }
  }
}
