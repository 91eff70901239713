import fc from 'fast-check';
import { FailureStore } from '../failures/failure-store.js';
import { replayLine } from './replay-line.js';
import { runProperty, settleFailures } from './run.js';

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
 * fc.assert with the failure database, over the property engine (./run.ts):
 * counterexamples stored by earlier failing runs are replayed first (as examples, so they shrink too);
 * a failure stores its shrunk counterexample, seed and path; a pass removes the stored entry.
 */
export async function assertProperty<Ts>(
  name: string,
  property: fc.IAsyncPropertyWithHooks<Ts> | fc.IPropertyWithHooks<Ts>,
  options: PropertyOptions<Ts> = {},
  failures: FailureStore | false = new FailureStore(),
): Promise<void> {
  const { minRuns, warmUp, ...params } = options;
  const run = await runProperty(property, {
    key: name,
    label: `property "${name}"`,
    params,
    failures: failures || undefined,
    warmUp,
  });
  const { details, seed, path } = run;
  await settleFailures(run, {
    printed: fc.stringify(details.counterexample),
    failure: String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance).split('\n')[0],
  });
  // What fc.assert would throw, from the same details, and the line that replays exactly this case.
  const message = fc.defaultReportMessage(details);
  if (message !== undefined) {
    const line = replayLine({ seed, path: run.failedPath, ...run.where });
    throw new Error(`${message}\n\nReplay this case: ${line}`, { cause: details.errorInstance });
  }
  if (minRuns !== undefined && !path && details.numRuns < minRuns) {
    throw new Error(
      `property "${name}" INCONCLUSIVE: only ${details.numRuns} of the required ${minRuns} runs completed within the time limit (seed ${seed})`,
    );
  }
}
