// Scaling past one machine: the suite split with vitest --shard, each shard storing its own check
// results and golden outcomes, then merged (vitest --merge-reports for the test report, normprop
// ledger / golden diff for ours) must give the same ledger and golden diff as one unsharded run with
// the same seed. A small, fast subset of the real suite stands in for the whole (not the ResNet50 golden).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { readCheckResultsFrom, readGoldenOutcomesFrom } from '../src/report/merge-parts.js';
import { PROJECT_ROOT as root } from '../src/settings.js';

const exec = promisify(execFile);
const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
const FILES = ['properties/metrics.prop.ts', 'properties/bn-layer.prop.ts', 'golden/goldens.test.ts'];
const TESTS = 'layer by layer|accuracy, loss|small-m0.99-e5-depth1';

async function node(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout } = await exec(process.execPath, args, {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', NORMPROP_BACKEND: 'wasm', ...env },
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: `${e.stdout}\n${e.stderr}` };
  }
}

/** Folders of its own for a nested run, so it never touches the reports of the run around it. */
const isolated = (dir: string) => ({
  NORMPROP_LEDGER_PARTS: path.join(dir, 'ledger-parts'),
  NORMPROP_GOLDEN_PARTS: path.join(dir, 'golden-parts'),
  NORMPROP_REPORTS_DIR: dir,
  // Each run starts with an empty failure database, as the unsharded one does.
  NORMPROP_FAILURES_DIR: path.join(dir, 'failures'),
});

function suite(dir: string, name: string, seed: number, extra: string[] = []) {
  return node([vitest, 'run', ...FILES, '-t', TESTS, ...extra], {
    NORMPROP_SEED: String(seed),
    ...isolated(path.join(dir, name)),
  });
}

const testCounts = (stdout: string) => /Tests\s+(.*)/.exec(stdout)?.[1].trim();
/** What a ledger says, without the times and dates that differ between any two runs. */
const comparable = (ledger: {
  rows: { claim: { id: string }; verdict: string; checks: Record<string, unknown>[] }[];
}) =>
  ledger.rows.map((r) => ({
    id: r.claim.id,
    verdict: r.verdict,
    checks: r.checks.map(({ seconds: _s, warmUpSeconds: _w, date: _d, ...rest }) => rest),
  }));

describe('a sharded run merges to the unsharded result', () => {
  it(
    'vitest --shard=1/2 and 2/2, merged, give the same ledger and golden diff as one run with the same seed',
    { timeout: 180_000 },
    async () => {
      const seed = Number(process.env.NORMPROP_SEED) || (Date.now() % 100_000) + 1;
      console.log(`[normprop] sharding check: seed=${seed} (replay with NORMPROP_SEED=${seed})`);
      const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-shards-'));
      // Whatever the claims do with this seed (a regression too), the merge must say the same as one run.
      const whole = await suite(dir, 'whole', seed);
      expect(testCounts(whole.stdout), whole.stdout).toMatch(/\d+ passed/);
      await Promise.all(
        [1, 2].map((i) =>
          suite(dir, `shard${i}`, seed, [
            `--shard=${i}/2`,
            '--reporter=blob',
            `--outputFile=${path.join(dir, 'blobs', `blob-${i}.json`)}`,
          ]),
        ),
      );

      // The test report: vitest merges the shards' blobs to the same counts as the unsharded run.
      const merged = await node(
        [vitest, '--merge-reports', path.join(dir, 'blobs'), '--reporter=default'],
        isolated(path.join(dir, 'merge')),
      );
      expect(testCounts(merged.stdout)).toBe(testCounts(whole.stdout));
      expect(merged.code, merged.stdout).toBe(whole.code);

      // Each shard ran part of the claims, none twice.
      const parts = [1, 2].map((i) => path.join(dir, `shard${i}`, 'ledger-parts'));
      const perShard = await Promise.all(parts.map((p) => readCheckResultsFrom([p])));
      expect(perShard.map((r) => r.length > 0)).toEqual([true, true]);
      const ids = perShard.flatMap((r) => r.map((c) => `${c.claimId}/${c.check}`));
      expect(new Set(ids).size).toBe(ids.length);

      const bin = path.join(root, 'scripts/normprop-bin.mjs');
      const out = path.join(dir, 'merged');
      const ledger = await node(
        [bin, 'ledger', '--parts', parts.join(','), '--partial', '--reports', out],
        isolated(out),
      );
      const wholeLedger = JSON.parse(await readFile(path.join(dir, 'whole', 'ledger.json'), 'utf8')) as {
        failing: string[];
      };
      expect(ledger.code, ledger.stdout).toBe(wholeLedger.failing.length ? 1 : 0);
      const goldenParts = [1, 2].map((i) => path.join(dir, `shard${i}`, 'golden-parts'));
      const diff = await node(
        [bin, 'golden', 'diff', '--parts', goldenParts.join(','), '--reports', out],
        isolated(out),
      );
      const wholeGoldens = await readGoldenOutcomesFrom([path.join(dir, 'whole', 'golden-parts')]);
      expect(diff.code, diff.stdout).toBe(wholeGoldens.some((o) => o.failed) ? 1 : 0);

      const read = async (file: string) => JSON.parse(await readFile(file, 'utf8'));
      expect(comparable(await read(path.join(out, 'ledger.json')))).toEqual(
        comparable(await read(path.join(dir, 'whole', 'ledger.json'))),
      );
      const goldens = await readGoldenOutcomesFrom(goldenParts);
      expect(goldens.length).toBeGreaterThan(0);
      expect(goldens).toEqual(wholeGoldens);
      // The Markdown diff differs only in its date line.
      const undated = (md: string) => md.replace(/^Made \S+/m, 'Made');
      expect(undated(await readFile(path.join(out, 'golden-diff.md'), 'utf8'))).toBe(
        undated(await readFile(path.join(dir, 'whole', 'golden-diff.md'), 'utf8')),
      );
    },
  );
});
