import fc from 'fast-check';
import { FailureStore } from '../failures/failure-store.js';
import { replayableExamples } from '../failures/replay.js';
import { currentTest, generatedPath, replayLine, replayPath } from './replay.js';

/**
 * fast-check runs with a seed that is printed before the run, so any result can be replayed:
 * NORMPROP_SEED=<seed> npm test. A failure's message also carries fast-check's seed and path.
 */
export function propertySeed(): number {
  const fromEnv = process.env.NORMPROP_SEED;
  if (fromEnv !== undefined && fromEnv !== '') {
    const seed = Number(fromEnv);
    if (!Number.isInteger(seed)) throw new Error(`NORMPROP_SEED must be an integer, got "${fromEnv}"`);
    return seed;
  }
  return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
}

export interface PropertyOptions<Ts> extends fc.Parameters<Ts> {
  /**
   * With interruptAfterTimeLimit: the least runs that must complete. Fewer fails the test as
   * inconclusive, so a time limit never turns into a vacuous pass.
   */
  minRuns?: number;
  /** Runs once before any clock starts (kernel warm-up): not counted against `timeout` or the time limit. */
  warmUp?: () => Promise<unknown>;
}

/**
 * fc.assert with the failure database: counterexamples stored by earlier failing runs are replayed
 * first (as examples, so they shrink too); a failure stores its shrunk counterexample, seed and path;
 * a pass removes the stored entry.
 */
export async function assertProperty<Ts>(
  name: string,
  property: fc.IAsyncPropertyWithHooks<Ts> | fc.IPropertyWithHooks<Ts>,
  options: PropertyOptions<Ts> = {},
  failures: FailureStore | false = new FailureStore(),
): Promise<void> {
  const { minRuns, warmUp, ...params } = options;
  const seed = params.seed ?? propertySeed();
  // NORMPROP_PATH replays one case; its path counts generated cases only, so stored counterexamples stay out.
  const path = params.path ?? replayPath();
  const replay = failures && !path ? await replayableExamples<Ts>(failures, name, property) : [];
  const test = await currentTest();
  console.log(`[normprop] property "${name}": seed=${seed}${path ? `, path ${path}` : ''} (replay: ${replayLine({ seed, path, file: test.file, testName: test.name })})${replay.length ? `; replaying ${replay.length} stored counterexample(s) first` : ''}`);
  if (warmUp) await warmUp();
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, {
    ...params,
    seed,
    ...(path ? { path } : {}),
    examples: [...replay, ...(params.examples ?? [])],
    ...(params.interruptAfterTimeLimit ? { markInterruptAsFailure: false } : {}),
  });
  if (failures) {
    if (details.failed) {
      await failures.record(name, { seed, path: details.counterexamplePath ?? '', counterexample: details.counterexample, printed: fc.stringify(details.counterexample), failure: String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance).split('\n')[0] });
    } else if (details.numRuns >= replay.length) {
      await failures.forget(name);
    }
  }
  // What fc.assert would throw, from the same details, and the line that replays exactly this case.
  const message = fc.defaultReportMessage(details);
  if (message !== undefined) {
    const line = replayLine({ seed, path: generatedPath(details.counterexamplePath, replay.length), file: test.file, testName: test.name });
    throw new Error(`${message}\n\nReplay this case: ${line}`, { cause: details.errorInstance });
  }
  if (minRuns !== undefined && !path && details.numRuns < minRuns) {
    throw new Error(`property "${name}" INCONCLUSIVE: only ${details.numRuns} of the required ${minRuns} runs completed within the time limit (seed ${seed})`);
  }
}
