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
      const match = SPEC_FILE.exec(name);
      if (!match || name.endsWith('.test.ts')) continue;
      const file = path.join(dir, name);
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

export async function loadNormSpec(id: string, dirs: string[] = normSpecDirs()): Promise<NormSpec> {
  const entries = listNormSpecFiles(dirs);
  const entry = entries.find((e) => e.id === id);
  if (!entry)
    throw new UsageError(`unknown normalization layer "${id}"; known: ${entries.map((e) => e.id).join(', ')}`);
  return loadNormSpecFile(entry);
}
