// The test run's own folders: two runs at once in one checkout, a partial run beside a full ledger,
// and staging folders of killed runs. The global setup is driven in-process with a stand-in for
// vitest (what it reads of it: the file filters, the config's filters and onCancel).
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestProject } from 'vitest/node';
import { storeCheckResult } from '../claims/ledger-store.js';
import type { ClaimCheckResult } from '../claims/result.js';
import { OWN_MARKER } from '../io/owned-folder.js';
import { setup } from './global-setup.js';
import { removeStaleStaging } from './run-folders.js';

const project = (files: string[]) =>
  ({
    vitest: { filenamePattern: files, onCancel: () => undefined, config: {}, state: { getFiles: () => [] } },
  }) as unknown as TestProject;

const result = (claimId: string): ClaimCheckResult => ({
  claimId,
  check: 'check',
  verdict: 'holds',
  runs: 5,
  minRuns: 5,
  seed: 1,
  replay: 'x',
  seconds: 0.1,
});

/** Every file under `dir` with its content, to compare before and after. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      const file = path.join(entry.parentPath, entry.name);
      out[path.relative(dir, file)] = await readFile(file, 'utf8');
    }
  return out;
}

let dir: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-global-setup-'));
  env = { ...process.env };
  // This file's own run's folders must not be what the runs below use.
  for (const name of ['NORMPROP_LEDGER_PARTS', 'NORMPROP_GOLDEN_PARTS', 'NORMPROP_REPORTS_DIR'])
    delete process.env[name];
  process.env.NORMPROP_REPORTS_DIR = path.join(dir, 'reports');
});
afterEach(async () => {
  // Key by key: os.tmpdir() reads the real environment, which replacing process.env would not restore.
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
  Object.assign(process.env, env);
  await rm(dir, { recursive: true, force: true });
});

describe('the global setup keeps runs apart', () => {
  it('two partial runs at once in one checkout each report their own claims, and neither clears the other', async () => {
    const startA = await setup(project(['a.prop.ts']));
    const partsA = process.env.NORMPROP_LEDGER_PARTS!;
    const startB = await setup(project(['b.prop.ts']));
    const partsB = process.env.NORMPROP_LEDGER_PARTS!;
    expect(partsA).not.toBe(partsB);
    await storeCheckResult(result('C11-accuracy-is-correct-over-total'), partsA);
    await storeCheckResult(result('C12-constant-predictor-scores-a-third'), partsB);
    const ledger = async () =>
      JSON.parse(await readFile(path.join(dir, 'reports', 'ledger.json'), 'utf8')) as {
        rows: { claim: { id: string }; verdict: string }[];
      };
    const verdictOf = async (id: string) => (await ledger()).rows.find((r) => r.claim.id === id)?.verdict;
    await startA();
    expect(await verdictOf('C11-accuracy-is-correct-over-total')).toBe('holds');
    expect(await verdictOf('C12-constant-predictor-scores-a-third')).toBe('not run');
    await startB();
    expect(await verdictOf('C12-constant-predictor-scores-a-third')).toBe('holds');
    expect(await verdictOf('C11-accuracy-is-correct-over-total')).toBe('not run');
    // The last run's parts are the ones kept; no staging folder is left.
    const reports = await readdir(path.join(dir, 'reports'));
    expect(reports.filter((n) => n.startsWith('.staging-'))).toEqual([]);
    expect((await readdir(path.join(dir, 'reports', 'ledger-parts'))).sort()).toEqual([
      OWN_MARKER,
      'C12-constant-predictor-scores-a-third--check.json',
    ]);
  });

  it("a partial run with NORMPROP_REPORTS_DIR naming a full run's reports writes to partial/ and changes nothing there", async () => {
    const reports = path.join(dir, 'reports');
    await mkdir(path.join(reports, 'ledger-parts'), { recursive: true });
    await writeFile(path.join(reports, 'ledger-parts', OWN_MARKER), '{}');
    await writeFile(path.join(reports, 'ledger-parts', 'C11--check.json'), JSON.stringify(result('C11')));
    await writeFile(path.join(reports, 'ledger.json'), JSON.stringify({ rows: [], partial: [] }));
    await writeFile(path.join(reports, 'index.html'), '<p>full run</p>');
    const before = await snapshot(reports);
    const end = await setup(project(['one.prop.ts']));
    await end();
    const after = await snapshot(reports);
    expect(Object.fromEntries(Object.entries(after).filter(([f]) => !f.startsWith('partial')))).toEqual(before);
    expect(after[path.join('partial', 'ledger.md')]).toMatch(/PARTIAL/);
  });

  it('removes staging folders of dead runs, never a live run’s or one without the mark', async () => {
    const reports = path.join(dir, 'reports');
    const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']));
    const make = async (name: string, marked: boolean) => {
      await mkdir(path.join(reports, name, 'ledger-parts'), { recursive: true });
      await writeFile(path.join(reports, name, 'ledger-parts', 'x.json'), '{}');
      if (marked) await writeFile(path.join(reports, name, OWN_MARKER), '{}');
    };
    await make(`.staging-${dead}-0a0b0c0d`, true);
    await make(`.staging-${process.ppid}-0a0b0c0d`, true);
    await make(`.staging-${dead}`, false);
    await writeFile(path.join(reports, `.staging-${dead}`, 'notes.txt'), 'mine');
    const before = await snapshot(reports);
    expect(await removeStaleStaging(reports)).toEqual([path.join(reports, `.staging-${dead}-0a0b0c0d`)]);
    const after = await snapshot(reports);
    expect(after).toEqual(
      Object.fromEntries(Object.entries(before).filter(([f]) => !f.startsWith(`.staging-${dead}-`))),
    );
  });
});
