import path from 'node:path';
import { HarnessError } from '../harness-error.js';
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

/** A task as vitest's runner keeps it: enough of it to name a test the way -t matches it. */
export interface TaskNode {
  type: string;
  name: string;
  suite?: TaskNode;
  tasks?: TaskNode[];
  file?: TaskNode;
}

/** The name vitest matches -t against: the suites' and the test's names joined by spaces (its getTaskFullName). */
export const taskFullName = (task: TaskNode): string =>
  `${task.suite ? `${taskFullName(task.suite)} ` : ''}${task.name}`;

function testsOf(task: TaskNode): TaskNode[] {
  return task.type === 'test' ? [task] : (task.tasks ?? []).flatMap(testsOf);
}

/**
 * How many tests of a file a -t pattern selects, counted on vitest's own task tree: a replay line
 * must select exactly its test (a name holding " > " or a regex character must not select none).
 */
export const testsSelected = (file: TaskNode, pattern: string): number =>
  testsOf(file).filter((t) => new RegExp(pattern).test(taskFullName(t))).length;

/**
 * The running vitest test: its file (relative to the working folder) and full name, taken from
 * vitest's task (never re-split from a joined string), checked to be the one test its pattern selects.
 */
export async function currentTest(): Promise<{ file?: string; name?: string }> {
  if (!process.env.VITEST) return {};
  const { expect, TestRunner } = await import('vitest');
  const state = expect.getState();
  const task = TestRunner.getCurrentTest() as TaskNode | undefined;
  const file = state.testPath ? path.relative(process.cwd(), state.testPath) : undefined;
  if (!task) return { file };
  const name = taskFullName(task);
  const selected = task.file ? testsSelected(task.file, testNamePattern(name)) : 1;
  if (selected !== 1)
    throw new HarnessError(
      `the replay line's -t pattern for "${name}" selects ${selected} tests of ${file ?? 'its file'}, not 1: rename the test`,
    );
  return { file, name };
}

/** Quotes a word for bash: single quotes, with ' written as '\''. */
export const shellQuote = (word: string) =>
  /^[A-Za-z0-9_./:=@-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;

/** A -t pattern that matches this test's full name and no other (vitest matches -t as a regex). */
export const testNamePattern = (name: string) => `^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;

export function replayLine(r: { seed: number; path?: string; file?: string; testName?: string }): string {
  const env = [`NORMPROP_SEED=${r.seed}`, ...(r.path ? [`${PATH_ENV}=${shellQuote(r.path)}`] : [])];
  const target = [
    ...(r.file ? [shellQuote(r.file)] : []),
    ...(r.testName ? ['-t', shellQuote(testNamePattern(r.testName))] : []),
  ];
  return [...env, 'npx vitest run', ...target].join(' ');
}
