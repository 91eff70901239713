// The replay line a check prints and stores must paste into bash and rerun exactly its case. The
// fixture below is a refuted "claim" whose counterexample depends on the seed and fast-check's path;
// it runs only in the child vitest runs the last test starts.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkClaim } from '../claims/check-claim.js';
import type { ClaimCheckResult } from '../claims/result.js';
import {
  generatedPath,
  replayLine,
  replayPath,
  shellQuote,
  taskFullName,
  testNamePattern,
  testsSelected,
} from '../property-engine/replay-line.js';

const exec = promisify(execFile);
const FIXTURE = 'NORMPROP_REPLAY_FIXTURE';

describe('the replay line', () => {
  it('quotes for bash, names the test by an anchored -t pattern, and carries the path relative to generated cases', async () => {
    const name = "it's (a) test [1] $HOME";
    const line = replayLine({ seed: -3, path: '7:0:2', file: 'src/x y.test.ts', testName: name });
    expect(line).toBe(
      `NORMPROP_SEED=-3 NORMPROP_PATH=7:0:2 npx vitest run 'src/x y.test.ts' -t ${shellQuote(testNamePattern(name))}`,
    );
    // bash hands the pattern to vitest unchanged, and as a regex it matches the name and not a longer one.
    const { stdout } = await exec('bash', ['-c', `printf %s ${shellQuote(testNamePattern(name))}`]);
    expect(new RegExp(stdout).test(name)).toBe(true);
    expect(new RegExp(stdout).test(`suite ${name}`)).toBe(false);
    expect(new RegExp(stdout).test(`${name} too`)).toBe(false);
    // Counted on a task tree as vitest keeps it: a name holding " > " selects its one test.
    type Node = Parameters<typeof taskFullName>[0];
    const suite: Node = { type: 'suite', name: 'by a > 0', tasks: [] };
    const test: Node = { type: 'test', name: 'x > y', suite };
    const other: Node = { type: 'test', name: 'y', suite };
    suite.tasks!.push(test, other);
    const file: Node = { type: 'suite', name: 'f.test.ts', tasks: [suite] };
    expect(taskFullName(test)).toBe('by a > 0 x > y');
    expect(testsSelected(file, testNamePattern(taskFullName(test)))).toBe(1);
    expect(testsSelected(file, testNamePattern(taskFullName(other)))).toBe(1);
    expect(testsSelected(file, testNamePattern('by a 0 x y'))).toBe(0);
    expect([generatedPath('5:1', 2), generatedPath('1:4', 2), generatedPath(undefined, 0)]).toEqual([
      '3:1',
      undefined,
      undefined,
    ]);
    expect(replayPath({ NORMPROP_PATH: '82:13:22' })).toBe('82:13:22');
    expect(() => replayPath({ NORMPROP_PATH: '82;rm' })).toThrow(/NORMPROP_PATH must be a fast-check path/);
  });
});

// Names that hold " > ", as vitest joins names in its own output: the replay line must still select this one test.
describe('fixture > (runs only in a child run)', () => {
  const skip = !process.env[FIXTURE];
  if (skip)
    console.log(
      `[normprop] replay fixture SKIPPED: it runs only inside the child runs of "a stored replay line reruns exactly its case" (${FIXTURE} unset)`,
    );
  it.skipIf(skip)('a refuted claim > with a seed-dependent counterexample', async () => {
    // The first value never shrinks, so the counterexample differs from seed to seed; the list shrinks (a path with steps).
    const property = fc.property(
      fc.noShrink(fc.integer({ min: 0, max: 1e9 })),
      fc.array(fc.integer()),
      (x, list) => x % 4 !== 0 || list.length < 2,
    );
    await checkClaim('C06-fit-accuracy-means-predict-correct', 'replay fixture', property, {
      numRuns: 200,
      minRuns: 1,
      failures: false,
    });
  });
});

describe('replaying a stored line', () => {
  it(
    'a stored replay line reruns exactly its case: same seed, path and counterexample',
    { timeout: 170_000 },
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-replay-'));
      const envFor = (name: string) => ({
        ...process.env,
        [FIXTURE]: '1',
        NO_COLOR: '1',
        NORMPROP_LEDGER_PARTS: path.join(dir, name, 'ledger-parts'),
        NORMPROP_GOLDEN_PARTS: path.join(dir, name, 'golden-parts'),
        NORMPROP_REPORTS_DIR: path.join(dir, name),
      });
      const stored = async (name: string): Promise<ClaimCheckResult> => {
        const parts = path.join(dir, name, 'ledger-parts');
        const [file] = (await readdir(parts)).filter((n) => n.endsWith('.json'));
        return JSON.parse(await readFile(path.join(parts, file), 'utf8')) as ClaimCheckResult;
      };
      const vitest = path.resolve('node_modules/.bin/vitest');
      await exec(vitest, ['run', 'src/testing/replay.test.ts', '-t', 'fixture > \\(runs only'], {
        env: envFor('first'),
        maxBuffer: 16 << 20,
      });
      const first = await stored('first');
      expect(first.verdict).toBe('refuted');
      expect(first.replay).toMatch(
        /^NORMPROP_SEED=-?\d+ NORMPROP_PATH=\d+(:\d+)* npx vitest run src\/testing\/replay\.test\.ts -t '\^fixture > \\\(runs only .* > with a seed-dependent counterexample\$'$/,
      );
      // The line exactly as stored, pasted into bash.
      const again = await exec('bash', ['-c', first.replay], { env: envFor('again'), maxBuffer: 16 << 20 });
      expect(again.stdout).toMatch(/1 passed/);
      const second = await stored('again');
      expect([second.verdict, second.seed, second.counterexample]).toEqual([
        first.verdict,
        first.seed,
        first.counterexample,
      ]);
      expect(second.runs, 'one case replayed, not a new search').toBe(1);
    },
  );

  it('a replay line whose -t pattern selects no test exits non-zero and says so (vitest alone prints "skipped" and exits 0)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-replay-none-'));
    const vitest = path.resolve('node_modules/.bin/vitest');
    const failed = await exec(vitest, ['run', 'src/testing/replay.test.ts', '-t', '^no such test$'], {
      env: {
        ...process.env,
        NO_COLOR: '1',
        NORMPROP_LEDGER_PARTS: path.join(dir, 'ledger-parts'),
        NORMPROP_GOLDEN_PARTS: path.join(dir, 'golden-parts'),
        NORMPROP_REPORTS_DIR: dir,
      },
      maxBuffer: 16 << 20,
    }).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toMatch(/the -t filter .*no such test.* selected no test, so nothing was checked/);
  });
});
