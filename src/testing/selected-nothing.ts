/** A task as vitest's state keeps it: enough to count the tests that ran. */
interface RunTask {
  type: string;
  mode?: string;
  result?: { state?: string };
  tasks?: RunTask[];
}

/** Tests that ran (passed or failed), not skipped ones. */
export function testsThatRan(files: RunTask[]): number {
  const count = (t: RunTask): number =>
    t.type === 'test'
      ? t.result?.state === 'pass' || t.result?.state === 'fail'
        ? 1
        : 0
      : (t.tasks ?? []).reduce((n, c) => n + count(c), 0);
  return files.reduce((n, f) => n + count(f), 0);
}

/**
 * A -t filter that selected no test is a mistake (a pasted replay line whose pattern matches nothing),
 * not a pass: vitest prints "N skipped" and exits 0, which reads like one. The message for the run's end,
 * or undefined when a test ran or no -t filter was given.
 */
export function selectedNothing(testNamePattern: RegExp | string | undefined, files: RunTask[]): string | undefined {
  if (testNamePattern === undefined || testsThatRan(files) > 0) return undefined;
  return `[normprop] FAILED: the -t filter ${String(testNamePattern)} selected no test, so nothing was checked; copy the replay line from the ledger (reports/ledger.md) again, or check the test's name`;
}
