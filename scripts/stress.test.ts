// An interrupted stress run stops its vitest runs and leaves no folder behind. The fixture below is
// the slow test file it interrupts; it runs only inside that child stress run.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/settings.js';

const FIXTURE = 'NORMPROP_STRESS_FIXTURE';
const inChild = Boolean(process.env[FIXTURE]);
if (!inChild)
  console.log(
    `[normprop] stress fixture SKIPPED: it runs only inside the child stress run of "Ctrl-C stops every run" (${FIXTURE} unset)`,
  );

describe('fixture (runs only in a child stress run)', () => {
  it.skipIf(!inChild)('takes long enough to be interrupted', async () => {
    await sleep(60_000);
  });
});

describe('npm run stress', () => {
  it.skipIf(inChild)(
    'Ctrl-C stops every run in progress: exit 130, and no normprop-stress-* or normprop-run-* folder is left',
    async () => {
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'normprop-stress-test-'));
      try {
        const ours = async () => (await readdir(tmp)).filter((n) => /^normprop-(stress|run)-/.test(n));
        // A run has started when its vitest made its own temporary folder inside the run's folder.
        const started = async () => {
          let n = 0;
          for (const run of await ours())
            n += (await readdir(path.join(tmp, run, 'tmp')).catch(() => [])).filter((f) =>
              f.startsWith('normprop-run-'),
            ).length;
          return n;
        };
        const child = spawn(
          path.join(PROJECT_ROOT, 'node_modules/.bin/tsx'),
          [
            'scripts/stress.ts',
            '--runs',
            '2',
            '--jobs',
            '2',
            '--json',
            path.join(tmp, 'stress.json'),
            'scripts/stress.test.ts',
          ],
          { cwd: PROJECT_ROOT, env: { ...process.env, TMPDIR: tmp, [FIXTURE]: '1' }, stdio: 'pipe' },
        );
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        const deadline = Date.now() + 40_000;
        while ((await started()) < 2 && Date.now() < deadline) await sleep(200);
        expect(await started(), 'the runs never started').toBe(2);
        child.kill('SIGINT');
        expect(await exited).toBe(130);
        expect(stderr).toMatch(/stress: SIGINT: stopping 2 run\(s\) in progress/);
        expect(await ours()).toEqual([]);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    },
    90_000,
  );

  it.skipIf(inChild)(
    'a file that matches no test is a usage error (exit 2, one line naming it), not "0 failure(s)"; no report is written',
    async () => {
      const tmp = await mkdtemp(path.join(os.tmpdir(), 'normprop-stress-test-'));
      try {
        const child = spawn(
          path.join(PROJECT_ROOT, 'node_modules/.bin/tsx'),
          ['scripts/stress.ts', '--runs', '3', '--json', path.join(tmp, 'stress.json'), 'properties/no-such.prop.ts'],
          { cwd: PROJECT_ROOT, env: { ...process.env, TMPDIR: tmp }, stdio: 'pipe' },
        );
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
        expect(code, stderr).toBe(2);
        expect(stderr.trim().split('\n')).toEqual([
          'normprop: properties/no-such.prop.ts: matches no test file; nothing was measured',
        ]);
        // tsx keeps its cache there (tsx-*); no run folder and no stress.json.
        expect((await readdir(tmp)).filter((n) => !n.startsWith('tsx-'))).toEqual([]);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    },
    90_000,
  );
});
