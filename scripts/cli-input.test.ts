// Bad flags to the other commands: exit code 2, a message naming the flag, no stack trace, nothing run.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT as root } from '../src/settings.js';

const run = promisify(execFile);

async function script(file: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', file, ...args], {
      cwd: root,
      env: { ...process.env, NORMPROP_BACKEND: 'wasm' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('command-line input of golden:update and soak', () => {
  const cases: [string, string[], RegExp][] = [
    ['scripts/golden-update.ts', ['--frobnicate'], /unknown option or argument: --frobnicate/],
    [
      'scripts/golden-update.ts',
      ['--only', 'no-such-golden'],
      /--only: unknown canonical experiment "no-such-golden"; known: seed-case-resnet50/,
    ],
    ['scripts/memory-soak.ts', ['--runs', '0'], /--runs: 0 is below the minimum 1/],
    ['scripts/memory-soak.ts', ['--max-rss-growth', 'lots'], /--max-rss-growth: "lots" is not a number/],
  ];
  for (const [file, args, message] of cases) {
    it(`${path.basename(file)} ${args.join(' ')}: exit 2 with a message naming the flag`, async () => {
      const { code, stderr, stdout } = await script(file, args);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(stdout).not.toMatch(/running|experiments after/);
    });
  }
});
