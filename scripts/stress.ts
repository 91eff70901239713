// `npm run stress -- --runs N [files]`: runs the given test files (default: the property files) N
// times, each with fresh seeds and a fresh, empty failure database, and reports each test's failure
// rate. A test that fails in some runs and passes in others is flaky; the target is 0 failures.
// A measurement, not a test: its exit code is 1 when any run of any test failed.
import { execFile, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { defineCommand, runCommand } from '../src/cli/command.js';
import { UsageError } from '../src/errors.js';
import type { OptionSpec, ParsedOptions } from '../src/cli/options.js';
import { writeJsonAtomic } from '../src/io/atomic-write.js';
import { PROJECT_ROOT as root } from '../src/settings.js';
import { clopperPearson } from '../src/stats/clopper-pearson.js';
import { coreLayout, type CoreLayout } from '../src/backend/core-layout.js';

const OPTIONS: OptionSpec[] = [
  {
    name: 'runs',
    type: 'integer',
    min: 1,
    max: 1000,
    default: 30,
    placeholder: 'N',
    description: 'How many fresh runs',
  },
  {
    name: 'jobs',
    type: 'integer',
    min: 1,
    max: 64,
    default: 1,
    placeholder: 'N',
    description:
      'Runs at once; each gets cores/N of the machine, laid out as npm test lays out all of it (vitest workers, wasm threads)',
  },
  {
    name: 'json',
    type: 'string',
    placeholder: 'FILE',
    default: 'reports/stress.json',
    description: 'Where the per-test counts go',
  },
];

interface JsonReport {
  testResults: {
    name: string;
    status: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}

/** The runs in progress: each one's folder and its vitest process, for an interrupt to clean up. */
const inProgress = new Map<string, ChildProcess | undefined>();

/**
 * Ctrl-C or a kill stops every run in progress and removes its folder, which holds the run's temporary
 * files too (vitest's own folder among them: vitest stops on SIGINT without its teardown). A vitest still
 * running 30 s after SIGINT is killed.
 */
function stopOnSignal(signal: NodeJS.Signals): void {
  process.once(signal, async () => {
    console.error(`stress: ${signal}: stopping ${inProgress.size} run(s) in progress and removing their folders`);
    const children = [...inProgress.values()].filter((c): c is ChildProcess => c !== undefined && c.exitCode === null);
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
            child.once('exit', () => (clearTimeout(force), resolve()));
            child.kill('SIGINT');
          }),
      ),
    );
    for (const dir of inProgress.keys()) rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
}

function vitestRun(files: string[], dir: string, layout: CoreLayout): Promise<JsonReport | undefined> {
  const out = path.join(dir, 'report.json');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    NORMPROP_THREADS: String(layout.threads),
    NORMPROP_FAILURES_DIR: path.join(dir, 'failures'),
    NORMPROP_LEDGER_PARTS: path.join(dir, 'ledger-parts'),
    NORMPROP_GOLDEN_PARTS: path.join(dir, 'golden-parts'),
    NORMPROP_REPORTS_DIR: dir,
    // The run's temporary files (vitest's own folder among them) go in its folder, so removing it removes them all.
    TMPDIR: path.join(dir, 'tmp'),
  };
  // Fresh seeds: nothing may pin the run to an earlier case.
  delete env.NORMPROP_SEED;
  delete env.NORMPROP_PATH;
  return new Promise((resolve) => {
    const child = execFile(
      path.join(root, 'node_modules/.bin/vitest'),
      ['run', ...files, '--reporter=json', `--outputFile=${out}`, `--maxWorkers=${layout.workers}`],
      { cwd: root, env, maxBuffer: 256 << 20 },
      async () => {
        try {
          resolve(JSON.parse(await readFile(out, 'utf8')) as JsonReport);
        } catch {
          resolve(undefined);
        }
      },
    );
    inProgress.set(dir, child);
  });
}

/** `given`: test files or folders, as vitest takes them. */
async function stress(o: ParsedOptions, given: string[]): Promise<number> {
  const files = given.length ? given : ['properties/'];
  const runs = Number(o.runs);
  const counts = new Map<string, { runs: number; failures: number; first?: string }>();
  let broken = 0;
  // A filter that matches no test file gives vitest an empty report: that is a mistake, not 0 failures.
  let matchedNothing = false;
  const jobs = Math.min(Number(o.jobs), runs);
  // Each run gets its share of the cores, spread over vitest workers and wasm threads as npm test does.
  const layout = coreLayout(Math.max(1, Math.floor(os.availableParallelism() / jobs)));
  let next = 1;
  stopOnSignal('SIGINT');
  stopOnSignal('SIGTERM');
  const oneRun = async (r: number) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-stress-'));
    inProgress.set(dir, undefined);
    await mkdir(path.join(dir, 'tmp'));
    const started = performance.now();
    const report = await vitestRun(files, dir, layout);
    await rm(dir, { recursive: true, force: true });
    inProgress.delete(dir);
    if (!report) {
      broken++;
      console.log(`run ${r}/${runs}: vitest wrote no report`);
      return;
    }
    if (report.testResults.length === 0) {
      matchedNothing = true;
      return;
    }
    const failedNames: string[] = [];
    for (const file of report.testResults) {
      const rel = path.relative(root, file.name);
      if (file.assertionResults.length === 0 && file.status === 'failed') {
        const key = `${rel} (the file failed to run)`;
        const c = counts.get(key) ?? { runs: 0, failures: 0 };
        counts.set(key, { runs: c.runs + 1, failures: c.failures + 1, first: c.first ?? file.message });
        failedNames.push(`${key}: ${file.message?.split('\n')[0] ?? ''}`);
      }
      for (const t of file.assertionResults) {
        if (t.status === 'skipped' || t.status === 'pending') continue;
        const key = `${rel} > ${t.fullName}`;
        const c = counts.get(key) ?? { runs: 0, failures: 0 };
        const fails = t.status === 'failed';
        counts.set(key, {
          runs: c.runs + 1,
          failures: c.failures + (fails ? 1 : 0),
          first: c.first ?? (fails ? t.failureMessages?.[0]?.split('\n').slice(0, 3).join(' ') : undefined),
        });
        if (fails) failedNames.push(`${key}: ${t.failureMessages?.[0]?.split('\n').slice(0, 4).join(' ') ?? ''}`);
      }
    }
    // Each failure as it happens, with its message (it carries the replay line of the failing case).
    console.log(
      `run ${r}/${runs}: ${failedNames.length} failing test(s), ${((performance.now() - started) / 1000).toFixed(0)} s${failedNames.map((n) => `\n  FAILED ${n}`).join('')}`,
    );
  };
  // A pool of `jobs` runs; the counts are per test, so the order runs finish in does not matter.
  await Promise.all(
    Array.from({ length: jobs }, async () => {
      while (next <= runs && !matchedNothing) await oneRun(next++);
    }),
  );
  if (matchedNothing)
    throw new UsageError(
      `${files.join(' ')}: ${files.length > 1 ? 'match' : 'matches'} no test file; nothing was measured`,
    );
  const rows = [...counts].map(([test, c]) => ({
    test,
    ...c,
    rate: c.failures / c.runs,
    ci95: clopperPearson(c.failures, c.runs),
  }));
  const failures = rows.reduce((s, r) => s + r.failures, 0);
  console.log(
    `\n${runs} fresh runs of ${files.join(' ')}: ${failures} failure(s)${broken ? `, ${broken} run(s) without a report` : ''}`,
  );
  console.log(`${jobs} at a time, each on ${layout.workers} vitest worker(s) of ${layout.threads} wasm thread(s)`);
  console.log('failures/runs  95% CI of the failure rate  test');
  const percent = (p: number) => `${(100 * p).toFixed(1)}%`;
  for (const row of rows.sort((a, b) => b.rate - a.rate || a.test.localeCompare(b.test))) {
    console.log(
      `${`${row.failures}/${row.runs}`.padStart(13)}  ${`${percent(row.ci95[0])}-${percent(row.ci95[1])}`.padEnd(25)}  ${row.test}${row.first ? `\n               first failure: ${row.first}` : ''}`,
    );
  }
  await writeJsonAtomic(String(o.json), {
    date: new Date().toISOString(),
    files,
    runs,
    jobs,
    threadsPerRun: layout.threads,
    workersPerRun: layout.workers,
    failures,
    brokenRuns: broken,
    tests: rows,
  });
  return failures || broken ? 1 : 0;
}

await runCommand(
  defineCommand({
    name: 'stress',
    usage: 'npm run stress -- [--runs N] [--jobs N] [files...]',
    summary:
      "Runs test files N times with fresh seeds and a fresh failure database each time; prints each test's failure rate.",
    options: OPTIONS,
    takesOperands: true,
    exitCodes: { ok: 'no failure in any run', finding: 'some run of some test failed' },
    run: stress,
  }),
);
