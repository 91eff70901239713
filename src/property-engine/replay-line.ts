import path from 'node:path';
import { setting } from '../settings.js';

/**
 * The replay line: one command that pastes into bash and reruns exactly one fast-check case of one
 * test. fast-check replays a case from its seed and path; NORMPROP_PATH hands the path back in.
 */
const PATH_ENV = 'NORMPROP_PATH';

/** NORMPROP_PATH, checked: fast-check's path is colon-separated non-negative integers ("82:13:22"). */
export function replayPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = setting(PATH_ENV, env);
  if (raw === undefined) return undefined;
  if (!/^\d+(:\d+)*$/.test(raw))
    throw new Error(`${PATH_ENV} must be a fast-check path such as "82:13:22", got "${raw}"`);
  return raw;
}

/**
 * A path found with `skipped` stored counterexamples (the failure database) tried first, made relative
 * to the generated cases, so it replays without the database. Undefined when the failing case was one
 * of the stored ones: then the seed alone (with the database) replays it.
 */
export function generatedPath(counterexamplePath: string | null | undefined, skipped: number): string | undefined {
  if (!counterexamplePath) return undefined;
  const [first, ...rest] = counterexamplePath.split(':').map(Number);
  if (first < skipped) return undefined;
  return [first - skipped, ...rest].join(':');
}

/** The running vitest test: its file (relative to the working folder) and full name, when inside one. */
export async function currentTest(): Promise<{ file?: string; name?: string }> {
  if (!process.env.VITEST) return {};
  const { expect } = await import('vitest');
  const state = expect.getState();
  return {
    file: state.testPath ? path.relative(process.cwd(), state.testPath) : undefined,
    // vitest joins suite and test names with " > " here, and with " " when it matches -t.
    name: state.currentTestName ? state.currentTestName.split(' > ').join(' ') : undefined,
  };
}

/** Quotes a word for bash: single quotes, with ' written as '\''. */
export const shellQuote = (word: string) =>
  /^[A-Za-z0-9_./:=@-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

/** A -t pattern that matches this test's full name and no longer one (vitest matches -t as a regex). */
export const testNamePattern = (name: string) => `${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

export function replayLine(r: { seed: number; path?: string; file?: string; testName?: string }): string {
  const env = [`NORMPROP_SEED=${r.seed}`, ...(r.path ? [`${PATH_ENV}=${shellQuote(r.path)}`] : [])];
  const target = [
    ...(r.file ? [shellQuote(r.file)] : []),
    ...(r.testName ? ['-t', shellQuote(testNamePattern(r.testName))] : []),
  ];
  return [...env, 'npx vitest run', ...target].join(' ');
}
