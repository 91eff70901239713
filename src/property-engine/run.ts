import fc from 'fast-check';
import type { FailureStore, StoredFailure } from '../failures/failure-store.js';
import { replayableExamples } from '../failures/replay.js';
import { currentTest, generatedPath, replayLine, replayPath } from './replay-line.js';
import { propertySeed } from './seed.js';

/**
 * The one property engine: the only module that calls fast-check's `check`. It picks the seed
 * (NORMPROP_SEED or a fresh one), reads NORMPROP_PATH, puts the failure database's stored
 * counterexamples first, prints the line that replays the run, warms up outside the clock, runs
 * the property, and returns what happened as data (run = data, like fast-check's check). Callers
 * decide what a run means: `checkClaim` turns it into a verdict for the ledger, `assertProperty`
 * throws fast-check's report with the replay line. `settleFailures` records or forgets the failure.
 */
export interface PropertyRunOptions<Ts> {
  /** Key in the failure database (also what the printed line names through `label`). */
  key: string;
  /** What the printed line calls the run: `property "name"` or `claim C01 / check`. */
  label: string;
  /** fast-check parameters; seed and path default to NORMPROP_SEED / a fresh seed and NORMPROP_PATH. */
  params: fc.Parameters<Ts>;
  /** The failure database, or undefined to leave it out. */
  failures?: FailureStore;
  /** Runs once before the clock starts (kernel warm-up); timed into `warmUpSeconds`. */
  warmUp?: () => Promise<unknown>;
  /** The file named in replay lines outside a vitest test (default none). */
  file?: string;
  /** Name the failure database's file in the printed line. */
  nameStoreFile?: boolean;
  /** What fast-check runs instead of the property itself (a watcher of every case's outcome); the property still decides which stored cases are replayable. */
  wrap?: (property: fc.IRawProperty<Ts>) => fc.IRawProperty<Ts>;
}

export interface PropertyRun<Ts> {
  key: string;
  seed: number;
  /** The NORMPROP_PATH (or given path) this run replays, if any. */
  path?: string;
  /** Stored counterexamples tried before the generated cases. */
  replayed: number;
  /** Where the replay line points: the running test's file and name. */
  where: { file?: string; testName?: string };
  details: fc.RunDetails<Ts>;
  /** The failing case's path relative to generated cases (undefined when none, or a stored one failed). */
  failedPath?: string;
  warmUpSeconds?: number;
  /** performance.now() when fast-check started (after the warm-up). */
  started: number;
  failures?: FailureStore;
  /**
   * The failure database's entry as this run read it before replaying it (or, for an entry kept as
   * seed and path only, before running): the only entry a pass of this run may forget.
   */
  replayedEntry?: StoredFailure;
}

export async function runProperty<Ts>(
  property: fc.IAsyncPropertyWithHooks<Ts> | fc.IPropertyWithHooks<Ts>,
  options: PropertyRunOptions<Ts>,
): Promise<PropertyRun<Ts>> {
  const { key, params, failures } = options;
  const seed = params.seed ?? propertySeed();
  // NORMPROP_PATH replays one case; its path counts generated cases only, so stored counterexamples stay out.
  const path = params.path ?? replayPath();
  // Counterexamples of earlier failing runs go first, as examples: they are tried before any generated case, and shrink like one.
  // The entry is read before its examples: if it changes in between, the pass is not taken to vouch for the newer one.
  const entry = failures && !path ? await failures.read(key).catch(() => undefined) : undefined;
  const replay = failures && !path ? await replayableExamples<Ts>(failures, key, property) : [];
  const replayedEntry = entry && (replay.length > 0 || entry.counterexample === undefined) ? entry : undefined;
  const test = await currentTest();
  const where = { file: test.file ?? options.file, testName: test.name };
  console.log(
    `[normprop] ${options.label}: seed=${seed}${path ? `, path ${path}` : ''} (replay: ${replayLine({ seed, path, ...where })})${replay.length ? `; replaying ${replay.length} stored counterexample(s)${options.nameStoreFile ? ` from ${failures!.fileOf(key)}` : ''} first` : ''}`,
  );
  let warmUpSeconds: number | undefined;
  if (options.warmUp) {
    const warmStarted = performance.now();
    await options.warmUp();
    warmUpSeconds = (performance.now() - warmStarted) / 1000;
  }
  const started = performance.now();
  const checked = options.wrap ? options.wrap(property as fc.IRawProperty<Ts>) : property;
  const details = await fc.check(checked as fc.IAsyncProperty<Ts>, {
    ...params,
    seed,
    ...(path ? { path } : {}),
    examples: [...replay, ...(params.examples ?? [])],
    ...(params.interruptAfterTimeLimit ? { markInterruptAsFailure: false } : {}),
  });
  return {
    key,
    seed,
    path,
    replayed: replay.length,
    where,
    details,
    failedPath: generatedPath(details.counterexamplePath, replay.length),
    warmUpSeconds,
    started,
    failures,
    replayedEntry,
  };
}

/**
 * The failure database after a run: a failure is recorded with `stored` (its printed counterexample
 * and failure line) unless `stored` is undefined (an expected failure, not one to remember). A pass
 * forgets only the entry this run replayed (and passed), and only while it is unchanged: a run that
 * read no entry (or replayed one case by NORMPROP_PATH) never deletes one another run stored meanwhile.
 */
export async function settleFailures<Ts>(
  run: PropertyRun<Ts>,
  stored: { printed: string; failure?: string } | undefined,
): Promise<void> {
  const { failures, details } = run;
  if (!failures) return;
  if (details.failed) {
    if (stored)
      await failures.record(run.key, {
        seed: run.seed,
        path: details.counterexamplePath ?? '',
        counterexample: details.counterexample,
        printed: stored.printed,
        failure: stored.failure,
      });
  } else if (run.replayedEntry && details.numRuns >= run.replayed) {
    await failures.forgetIfUnchanged(run.key, run.replayedEntry);
  }
}
