import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError, UsageError } from '../errors.js';
import { normSpecDirs } from '../settings.js';
import type { NormSpec } from './spec.js';

/**
 * Finds the normalization-layer specs: every `<id>.ts` in src/norm/specs/, plus every one in the
 * folders listed in NORMPROP_NORM_SPECS (separated by the platform's path delimiter). Adding a
 * layer is adding a file; nothing else names the specs.
 */
export { NORM_SPECS_DIR, normSpecDirs } from '../settings.js';

export interface NormSpecFile {
  id: string;
  file: string;
}

const SPEC_FILE = /^([a-z0-9][a-z0-9-]*)\.ts$/;

/** Spec files by name only (no import, so it is instant): what `--norm` accepts. */
export function listNormSpecFiles(dirs: string[] = normSpecDirs()): NormSpecFile[] {
  const found = new Map<string, NormSpecFile>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      throw new InputError(
        `${dir}: cannot read the normalization specs folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
    for (const name of names.sort()) {
      if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name.endsWith('.d.ts') || name.startsWith('.'))
        continue;
      const match = SPEC_FILE.exec(name);
      const file = path.join(dir, name);
      // Skipped silently it would be a layer nobody checks (0 tests, no row): the name is the spec's id.
      if (!match)
        throw new InputError(
          `${file}: not a spec file name; a spec's file is its id, lower-case letters, digits and dashes (e.g. rms-norm.ts)`,
        );
      const earlier = found.get(match[1]);
      if (earlier) throw new InputError(`${file}: spec id "${match[1]}" is already defined by ${earlier.file}`);
      found.set(match[1], { id: match[1], file });
    }
  }
  return [...found.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function checkSpec(value: unknown, entry: NormSpecFile): NormSpec {
  const problem = (what: string) => new InputError(`${entry.file}: ${what}`);
  if (typeof value !== 'object' || value === null)
    throw problem('has no default export (export default defineNormSpec({...}))');
  const spec = value as Partial<NormSpec>;
  if (spec.id !== entry.id) throw problem(`declares id "${String(spec.id)}", but the file name makes it "${entry.id}"`);
  for (const key of ['build', 'parameters', 'modelParameters', 'statistics'] as const) {
    if (typeof spec[key] !== 'function') throw problem(`field ${key} must be a function`);
  }
  if (!Array.isArray(spec.ranks) || spec.ranks.length === 0 || !spec.ranks.every((r) => r === 2 || r === 4))
    throw problem('field ranks must list 2 and/or 4');
  if (spec.trainingVsInference !== 'equal' && spec.trainingVsInference !== 'converges')
    throw problem('field trainingVsInference must be "equal" or "converges"');
  if (spec.trainingVsInference === 'converges' && !spec.runningStatistics)
    throw problem('a layer whose inference converges to training mode must declare its runningStatistics');
  if (!Array.isArray(spec.invariances)) throw problem('field invariances must be an array');
  return spec as NormSpec;
}

export async function loadNormSpecFile(entry: NormSpecFile): Promise<NormSpec> {
  const module = (await import(pathToFileURL(entry.file).href)) as { default?: unknown };
  return checkSpec(module.default, entry);
}

export async function loadNormSpecs(dirs: string[] = normSpecDirs()): Promise<NormSpec[]> {
  const specs: NormSpec[] = [];
  for (const entry of listNormSpecFiles(dirs)) specs.push(await loadNormSpecFile(entry));
  return specs;
}

/**
 * The ids `--norm` accepts, for its help and parse-time check; undefined when some folder cannot be
 * listed (missing, a bad file name, an id defined twice), so that the run, not the module's loading,
 * says so, and only when the layer asked for is concerned.
 */
export function normSpecChoices(dirs: string[] = normSpecDirs()): string[] | undefined {
  try {
    return listNormSpecFiles(dirs).map((f) => f.id);
  } catch {
    return undefined;
  }
}

/**
 * The spec file of one id. A folder that cannot be listed, or an id defined twice, matters only when
 * it concerns this id: a repro of the shipped batch-norm runs whatever an extra folder holds.
 */
export function findNormSpecFile(id: string, dirs: string[] = normSpecDirs()): NormSpecFile {
  const found: NormSpecFile[] = [];
  const known: string[] = [];
  const problems: string[] = [];
  for (const dir of dirs) {
    try {
      for (const entry of listNormSpecFiles([dir])) {
        if (entry.id === id) found.push(entry);
        known.push(entry.id);
      }
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      problems.push(error.message);
    }
  }
  if (found.length > 1)
    throw new InputError(`${found[1].file}: spec id "${id}" is already defined by ${found[0].file}`);
  if (found.length === 1) return found[0];
  if (problems.length) throw new InputError(`unknown normalization layer "${id}"; and ${problems[0]}`);
  throw new UsageError(`unknown normalization layer "${id}"; known: ${[...new Set(known)].sort().join(', ')}`);
}

export async function loadNormSpec(id: string, dirs: string[] = normSpecDirs()): Promise<NormSpec> {
  return loadNormSpecFile(findNormSpecFile(id, dirs));
}
