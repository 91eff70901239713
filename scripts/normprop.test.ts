// The `normprop` command through its bin entry: help for every command, the documented exit codes
// (0 pass, 1 a check failed, 2 bad usage or input), and reports rebuilt from (merged) parts folders.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { storeCheckResult } from '../src/claims/ledger-store.js';
import type { ClaimCheckResult } from '../src/claims/result.js';
import { PartsStore } from '../src/io/parts-store.js';
import { goldenOutcomes } from '../src/golden/outcome-store.js';
import { PROJECT_ROOT as root } from '../src/settings.js';

const run = promisify(execFile);
const bin = path.join(root, 'scripts/normprop-bin.mjs');

async function normprop(args: string[], cwd = root) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { cwd });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const result = (claimId: string, check: string, verdict: ClaimCheckResult['verdict']): ClaimCheckResult => ({
  claimId,
  check,
  verdict,
  runs: 5,
  minRuns: 5,
  seed: 3,
  replay: `NORMPROP_SEED=3 npx vitest run x`,
  seconds: 0.1,
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-cli-'));
});

describe('normprop --help', () => {
  it('lists every command and the exit codes; with no command it is a usage error (2)', async () => {
    const help = await normprop(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['repro', 'ledger', 'golden update', 'golden diff', 'bench', 'report'])
      expect(help.stdout).toContain(`  ${command} `);
    expect(help.stdout).toMatch(/Exit codes: 0 .*; 1 .*; 2 bad usage or input/);
    const bare = await normprop([]);
    expect(bare.code).toBe(2);
    // A usage error: the overview goes to stderr, so a pipe gets nothing that looks like a result.
    expect(bare.stdout).toBe('');
    expect(bare.stderr).toContain('Usage: normprop <command>');
  });

  it('--version prints the package version; a command group answers --help with its subcommands', async () => {
    const version = await normprop(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')).version);
    const golden = await normprop(['golden', '--help']);
    expect(golden.code).toBe(0);
    for (const sub of ['golden update', 'golden accept', 'golden diff']) expect(golden.stdout).toContain(`  ${sub} `);
    expect((await normprop(['golden', 'accept', '--help'])).code).toBe(0);
    const unknown = await normprop(['golden', 'fly']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "golden fly" \(golden takes "update", "accept", "diff"\)/);
  });

  it('golden accept promotes obtained records from the folder given, and exits 2 when none wait', async () => {
    const goldens = await mkdtemp(path.join(os.tmpdir(), 'normprop-cli-accept-'));
    try {
      expect((await normprop(['golden', 'accept', '--goldens', goldens])).code).toBe(2);
      const config = { epochs: 1 };
      const { configHash } = await import('../src/golden/record.js');
      const rec = (loss: number) => ({
        name: 'g',
        description: 'd',
        provenance: {
          backend: 'wasm',
          device: 'x',
          tfjsVersion: '4.22.0',
          normprop: '0.1.0',
          node: 'v20',
          seed: 1,
          config,
          configHash: configHash(config),
          date: 'now',
        },
        fields: { loss: [loss] },
      });
      await writeFile(path.join(goldens, 'g.json'), JSON.stringify(rec(1)));
      await writeFile(path.join(goldens, 'g.obtained.json'), JSON.stringify(rec(2)));
      const accepted = await normprop(['golden', 'accept', '--goldens', goldens]);
      expect(accepted.code, accepted.stderr).toBe(0);
      expect(accepted.stdout).toMatch(/accepted g -> .*g\.json\n  loss: 1\/1 values moved/);
      expect(JSON.parse(await readFile(path.join(goldens, 'g.json'), 'utf8')).fields.loss).toEqual([2]);
    } finally {
      await rm(goldens, { recursive: true, force: true });
    }
  });

  it('each command answers --help with its options, the shared flags spelled the same everywhere', async () => {
    const expected: Record<string, string[]> = {
      repro: ['--backend', '--kernels', '--json', '--seed', '--images'],
      'golden update': ['--backend', '--kernels', '--all', '--only'],
      'golden diff': ['--parts', '--reports'],
      bench: ['--backend', '--kernels', '--backends', '--json'],
      ledger: ['--parts', '--reports'],
      report: ['--ledger-parts', '--golden-parts', '--repro', '--reports'],
    };
    for (const [command, flags] of Object.entries(expected)) {
      const { code, stdout } = await normprop([...command.split(' '), '--help']);
      expect(code, command).toBe(0);
      for (const flag of flags) expect(stdout, `${command} ${flag}`).toContain(flag);
    }
  });
});

describe('normprop exit codes', () => {
  it('2 for an unknown command, an unknown flag or a missing folder, with a message naming it and no stack', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /unknown command "frobnicate"/],
      [['golden', 'frob'], /unknown command "golden frob" \(golden takes "update", "accept", "diff"\)/],
      [['ledger', '--colour'], /unknown option or argument: --colour/],
      [['ledger', '--parts', path.join(dir, 'nowhere')], /--parts: .*nowhere is not a folder/],
      [['report', '--golden-parts', path.join(dir, 'nowhere')], /--golden-parts: .*nowhere is not a folder/],
      [['bench', '--layouts', '2y1'], /--layouts: "2y1" is not PxT or PxT@MB/],
      [['bench', '--layouts', '2x1@0'], /--layouts: "2x1@0" is not PxT or PxT@MB/],
      [['repro', '--kernels', 'fast'], /--kernels: "fast" is not one of stock, normprop/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await normprop(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('ledger: 0 when every check went as expected, 1 when a claim regressed, merging one parts folder per shard', async () => {
    const [a, b, out] = ['shard-a', 'shard-b', 'out'].map((d) => path.join(dir, d));
    await storeCheckResult(result('C01-bn-batch-vs-moving', 'exact', 'holds'), a);
    await storeCheckResult(result('C06-fit-accuracy-means-predict-correct', 'last epoch', 'refuted'), b);
    // Claims that did not run: never a pass, unless the parts are declared partial.
    const unrun = await normprop(['ledger', '--parts', `${a},${b}`, '--reports', out]);
    expect(unrun.code).toBe(1);
    expect(unrun.stdout).toMatch(/not run: C02-bn-defaults, C03-moving-average-law/);
    const passing = await normprop(['ledger', '--parts', `${a},${b}`, '--partial', '--reports', out]);
    expect(passing.stderr).toBe('');
    expect(passing.code).toBe(0);
    const ledger = JSON.parse(await readFile(path.join(out, 'ledger.json'), 'utf8')) as {
      rows: { claim: { id: string }; verdict: string }[];
    };
    const verdict = (id: string) => ledger.rows.find((r) => r.claim.id === id)?.verdict;
    expect([
      verdict('C01-bn-batch-vs-moving'),
      verdict('C06-fit-accuracy-means-predict-correct'),
      verdict('C03-moving-average-law'),
    ]).toEqual(['holds', 'refuted', 'not run']);

    await storeCheckResult(result('C03-moving-average-law', 'k updates', 'regressed'), b);
    const failing = await normprop(['ledger', '--parts', `${a},${b}`, '--partial', '--reports', out]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('failing: C03-moving-average-law');
    // C03 never held on record (the ledger before said "not run"): it fails, it did not regress.
    const md = () => readFile(path.join(out, 'ledger.md'), 'utf8');
    expect(await md()).toContain(
      '**Failing: C03-moving-average-law: fails (expected to hold; no earlier run of this claim on record).',
    );
    // Rebuilt from the same results, the ledger is no earlier run of itself.
    await normprop(['ledger', '--parts', `${a},${b}`, '--partial', '--reports', out]);
    expect(await md()).toContain('C03-moving-average-law: fails (expected to hold; no earlier run');
    // Once it held in a run on record, failing again is a regression.
    await storeCheckResult(result('C03-moving-average-law', 'k updates', 'holds'), b);
    expect((await normprop(['ledger', '--parts', `${a},${b}`, '--partial', '--reports', out])).code).toBe(0);
    await storeCheckResult(result('C03-moving-average-law', 'k updates', 'regressed'), b);
    expect((await normprop(['ledger', '--parts', `${a},${b}`, '--partial', '--reports', out])).code).toBe(1);
    expect(await md()).toContain('**Failing: C03-moving-average-law: regressed.');
  });

  it('ledger: 2 for a corrupt result file or two shards disagreeing on one check, and the ledger already written is kept', async () => {
    const [good, bad, other, out] = ['good', 'bad', 'other', 'out2'].map((d) => path.join(dir, d));
    await storeCheckResult(result('C01-bn-batch-vs-moving', 'exact', 'holds'), good);
    expect((await normprop(['ledger', '--parts', good, '--partial', '--reports', out])).code).toBe(0);
    const before = await readFile(path.join(out, 'ledger.json'), 'utf8');
    await mkdir(bad, { recursive: true });
    await writeFile(path.join(bad, 'C02-x.json'), '{"claimId": ');
    const corrupt = await normprop(['ledger', '--parts', `${good},${bad}`, '--reports', out]);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr).toContain(path.join(bad, 'C02-x.json'));
    await storeCheckResult(result('C01-bn-batch-vs-moving', 'exact', 'regressed'), other);
    const clash = await normprop(['ledger', '--parts', `${good},${other}`, '--reports', out]);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toMatch(
      /"C01-bn-batch-vs-moving--exact" is stored in both .*good and .*other with different results/,
    );
    expect(await readFile(path.join(out, 'ledger.json'), 'utf8')).toBe(before);
  });

  it('ledger, golden diff and report: 2 for an empty parts folder (a lost shard artifact), naming it', async () => {
    const empty = path.join(dir, 'empty-parts');
    await mkdir(empty, { recursive: true });
    for (const args of [
      ['ledger', '--parts', empty],
      ['golden', 'diff', '--parts', empty],
      ['report', '--ledger-parts', empty],
    ]) {
      const { code, stderr } = await normprop([...args, '--reports', path.join(dir, 'empty-out')]);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr, args.join(' ')).toContain(`${empty} holds no stored results and no mark of a run`);
    }
    // A folder a run marked but stored nothing in (a shard that ran no golden check) is a run's honest answer.
    await new PartsStore(empty).markRun({ started: 'now', partial: ['shard 2 of 2'] });
    const marked = await normprop(['golden', 'diff', '--parts', empty, '--reports', path.join(dir, 'empty-out')]);
    expect([marked.code, marked.stdout]).toEqual([0, expect.stringContaining('0 of 0 pass')]);
  });

  it('golden diff: 1 when a stored golden outcome failed, and the diff names it', async () => {
    const parts = path.join(dir, 'golden-parts');
    const out = path.join(dir, 'golden-out');
    await goldenOutcomes(parts).write('a', {
      name: 'small-a',
      status: 'passed',
      failed: false,
      message: 'golden/small-a.json: matches',
      golden: 'golden/small-a.json',
    });
    expect((await normprop(['golden', 'diff', '--parts', parts, '--reports', out])).code).toBe(0);
    await goldenOutcomes(parts).write('b', {
      name: 'small-b',
      status: 'config-changed',
      failed: true,
      message: 'golden/small-b.json: made for configuration 1, now 2',
      golden: 'golden/small-b.json',
    });
    const failing = await normprop(['golden', 'diff', '--parts', parts, '--reports', out]);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('failing: small-b (config-changed)');
    expect(await readFile(path.join(out, 'golden-diff.md'), 'utf8')).toContain('## small-b: config-changed');
  });

  it('report: writes index.html from stored results, saying plainly which data is absent', async () => {
    const parts = path.join(dir, 'report-parts');
    await storeCheckResult(result('C01-bn-batch-vs-moving', 'exact', 'holds'), parts);
    const out = path.join(dir, 'report-out');
    const wrong = await normprop(['report', '--ledger-parts', parts, '--golden-parts', parts, '--reports', out]);
    expect(wrong.code, 'check results given as golden outcomes').toBe(2);
    expect(wrong.stderr).toMatch(
      /report-parts.*: field "name" is missing, not a string; not a golden outcome normprop wrote/,
    );
    const goldenParts = path.join(dir, 'report-golden-parts');
    await goldenOutcomes(goldenParts).write('a', {
      name: 'small-a',
      status: 'passed',
      failed: false,
      message: 'golden/small-a.json: matches',
      golden: 'golden/small-a.json',
    });
    const { code, stdout } = await normprop([
      'report',
      '--ledger-parts',
      parts,
      '--golden-parts',
      goldenParts,
      '--repro',
      path.join(dir, 'no-repro.json'),
      '--reports',
      out,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(path.join(out, 'index.html'));
    const html = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(html).toContain('id="ledger"');
    expect(html).toMatch(/id="plot-gap" class="plot" data-status="absent".*the C10 check .* did not run/);
    expect(html).toContain('data-scope="partial"');
    // The seed-case golden stands in for a missing repro record, and says so.
    expect(html).toMatch(/id="plot-repro-epochs" class="plot" data-status="rendered".*golden\/seed-case-resnet50.json/);
  });

  /** A parts folder holding one hand-made part, and a reports folder with a ledger already there. */
  async function handMade(name: string, part: unknown, file = 'part.json') {
    const parts = path.join(dir, `${name}-parts`);
    const out = path.join(dir, `${name}-out`);
    await mkdir(parts, { recursive: true });
    await writeFile(path.join(parts, file), JSON.stringify(part));
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, 'ledger.json'), '{"kept": true}');
    return { parts, out, file: path.join(parts, file) };
  }
  /** Exit 2, one line naming what it must, no stack; the reports folder holds only what it held. */
  async function refused(args: string[], out: string, message: string) {
    const r = await normprop(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(out)).toEqual(['ledger.json']);
    expect(await readFile(path.join(out, 'ledger.json'), 'utf8')).toBe('{"kept": true}');
  }

  it('ledger: 2 for a part with a verdict normprop never stores (flaky), naming the file and field; nothing written', async () => {
    const { parts, out, file } = await handMade('flaky', {
      ...result('C01-bn-batch-vs-moving', 'exact', 'holds'),
      verdict: 'flaky',
    });
    await refused(
      ['ledger', '--parts', parts, '--reports', out],
      out,
      `${file}: field "verdict" is "flaky", which is none of error, regressed`,
    );
  });

  it('ledger: 2 for a part of a claim the catalog lacks (it would vanish from the ledger), naming the file', async () => {
    const { parts, out, file } = await handMade('unknown-claim', result('C99-not-a-claim', 'exact', 'regressed'));
    await refused(
      ['ledger', '--parts', parts, '--reports', out],
      out,
      `${file}: field "claimId" is "C99-not-a-claim", a claim the catalog does not have`,
    );
  });

  it('ledger and golden diff: 2 for a part with a field of the wrong type, naming the file and field (no TypeError)', async () => {
    const bad = await handMade('wrong-type', {
      ...result('C01-bn-batch-vs-moving', 'exact', 'regressed'),
      counterexample: 5,
    });
    await refused(
      ['ledger', '--parts', bad.parts, '--reports', bad.out],
      bad.out,
      `${bad.file}: field "counterexample" is a number, not a string`,
    );
    const outcome = await handMade('wrong-outcome', {
      name: 'small-a',
      status: 'mismatch',
      failed: true,
      message: 'm',
      golden: 'golden/small-a.json',
      diff: { expectedBackend: 'wasm', obtainedBackend: 'wasm', fields: 'none' },
    });
    await refused(
      ['golden', 'diff', '--parts', outcome.parts, '--reports', outcome.out],
      outcome.out,
      `${outcome.file}: field "diff.fields" is a string, not an array`,
    );
  });

  it('ledger: 2 for a part of a format this normprop does not read; parts carry their format', async () => {
    const { parts, out, file } = await handMade('format', {
      ...result('C01-bn-batch-vs-moving', 'exact', 'holds'),
      format: 2,
    });
    await refused(
      ['ledger', '--parts', parts, '--reports', out],
      out,
      `${file}: field "format" is 2; this normprop reads parts of format 1`,
    );
    const written = path.join(dir, 'format-written');
    await storeCheckResult(result('C01-bn-batch-vs-moving', 'exact', 'holds'), written);
    expect(JSON.parse(await readFile(path.join(written, 'C01-bn-batch-vs-moving--exact.json'), 'utf8')).format).toBe(1);
  });
});

describe('npm run report', () => {
  it('hands every flag after -- to normprop report (the README CI recipe), then checks the page it wrote in that folder', async () => {
    const here = await mkdtemp(path.join(os.tmpdir(), 'normprop-npm-report-'));
    const [ledgerParts, goldenParts, out] = ['ledger', 'golden', 'out'].map((n) => path.join(here, n));
    for (const dir of [ledgerParts, goldenParts]) await new PartsStore(dir).markRun({ started: 'now' });
    await storeCheckResult(result('C11-accuracy-is-correct-over-total', 'from a shard', 'holds'), ledgerParts);
    const npm = await run(
      'npm',
      [
        'run',
        'report',
        '--',
        '--ledger-parts',
        ledgerParts,
        '--golden-parts',
        goldenParts,
        '--reports',
        out,
        '--repro',
        path.join(here, 'no-repro.json'),
      ],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 16 << 20 },
    );
    const page = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(page).toContain('from a shard');
    // The browser check ran on that folder (or, on a workstation without Chromium, said why it skipped).
    expect(npm.stdout).toMatch(
      new RegExp(
        `${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/index\\.html (shows the ledger|SKIPPED)|browser check of ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    );
  });
});
