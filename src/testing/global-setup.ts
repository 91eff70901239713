import { mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ledgerClaims } from '../claims/catalog.js';
import { PartsStore } from '../io/parts-store.js';
import { verdictCounts } from '../report/ledger-report.js';
import { readGoldenOutcomesFrom } from '../report/merge-parts.js';
import {
  goldenDir as goldenRecordsDir,
  reportsDir as reportsDirSetting,
  setting,
  type SettingName,
} from '../settings.js';
import { writeGoldenDiff, writeIndexReport, writeLedgerReports } from '../report/write-report.js';
import { partialReasons } from './run-scope.js';
import { selectedNothing } from './selected-nothing.js';

/**
 * vitest global setup. Workers store check results and golden outcomes in parts folders; after the
 * last file the main process writes the ledger, golden diff and index.html from them.
 *
 * A full run's reports are never replaced by a partial one: a run narrowed by a filter or a shard
 * writes to reports/partial/. A full run stores its parts in a staging folder and only a complete
 * run (every testable claim checked, not interrupted) moves them to reports/{ledger,golden}-parts and
 * writes reports/ledger.*; an incomplete one goes to reports/partial/ and fails the run.
 * NORMPROP_LEDGER_PARTS / NORMPROP_GOLDEN_PARTS / NORMPROP_REPORTS_DIR, when set (CI shards, nested
 * runs in tests), are used as given. Each run also gets its own temporary folder (TMPDIR), removed
 * at the end, so no test leaves normprop-* folders behind.
 */
export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const vitest = project.vitest;
  // vitest keeps the command line's file filters in filenamePattern (not in its public types).
  const files = (vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  let cancelled = false;
  vitest.onCancel(() => {
    cancelled = true;
  });
  const reasons = partialReasons({
    files,
    testNamePattern: vitest.config.testNamePattern,
    shard: vitest.config.shard,
    changed: vitest.config.changed,
    related: vitest.config.related,
  });
  // A nested run (a test spawning vitest) inherits this run's folders through the environment: those
  // are not the person's choice, and writing or clearing them would mix the two runs.
  const inherited = (name: 'NORMPROP_LEDGER_PARTS' | 'NORMPROP_GOLDEN_PARTS') =>
    setting(name) !== undefined && setting(name) === setting(`${name}_INHERITED` as SettingName);
  for (const name of ['NORMPROP_LEDGER_PARTS', 'NORMPROP_GOLDEN_PARTS'] as const)
    if (inherited(name)) delete process.env[name];
  const explicit = setting('NORMPROP_LEDGER_PARTS') !== undefined;
  const reportsDir = reportsDirSetting();
  const partialDir = path.join(reportsDir, 'partial');
  // One staging folder per run: a nested or concurrent run in the same checkout never touches another's.
  const stagingDir = path.join(reportsDir, `.staging-${process.pid}`);
  const partsRoot = reasons.length ? partialDir : stagingDir;
  const ledgerParts = setting('NORMPROP_LEDGER_PARTS') ?? path.join(partsRoot, 'ledger-parts');
  const goldenParts = setting('NORMPROP_GOLDEN_PARTS') ?? path.join(partsRoot, 'golden-parts');
  // Workers are forked after this and inherit the environment: that is how they learn where to write.
  process.env.NORMPROP_LEDGER_PARTS = process.env.NORMPROP_LEDGER_PARTS_INHERITED = ledgerParts;
  process.env.NORMPROP_GOLDEN_PARTS = process.env.NORMPROP_GOLDEN_PARTS_INHERITED = goldenParts;
  // Each parts folder says a run wrote it, even if it stores nothing (a shard without goldens).
  for (const dir of [ledgerParts, goldenParts]) {
    const store = new PartsStore(dir);
    await store.clear();
    await store.markRun({ started: new Date().toISOString(), partial: reasons });
  }
  const tmpRoot = await mkdtemp(path.join(os.tmpdir(), 'normprop-run-'));
  const tmpBefore = process.env.TMPDIR;
  process.env.TMPDIR = tmpRoot;

  return async () => {
    process.env.TMPDIR = tmpBefore ?? '';
    if (tmpBefore === undefined) delete process.env.TMPDIR;
    await rm(tmpRoot, { recursive: true, force: true });
    const results = await new PartsStore<{ claimId: string }>(ledgerParts).readAll();
    const ran = new Set(results.map((r) => r.claimId));
    const missing = ledgerClaims()
      .filter((c) => c.expectation !== 'not-testable' && !ran.has(c.id))
      .map((c) => c.id);
    const interrupted = cancelled ? ['interrupted'] : [];
    const complete = reasons.length === 0 && interrupted.length === 0 && missing.length === 0;
    // Only a complete run's reports go to reports/; staged parts follow their run's reports.
    // A reports folder set by the caller (CI shards, nested runs) is used as given.
    const out = complete || setting('NORMPROP_REPORTS_DIR') !== undefined ? reportsDir : partialDir;
    const ledgerDir = await settle(ledgerParts, stagingDir, out);
    const goldenDir = await settle(goldenParts, stagingDir, out);
    if (partsRoot === stagingDir) await rm(stagingDir, { recursive: true, force: true });
    const outcomes = await readGoldenOutcomesFrom([goldenDir]);
    if (outcomes.length > 0) {
      await writeGoldenDiff(outcomes, out);
      console.log(
        `[normprop] goldens: ${outcomes.filter((o) => !o.failed).length} of ${outcomes.length} pass -> ${path.join(out, 'golden-diff.md')}`,
      );
    }
    const runReasons = [...reasons, ...interrupted];
    const ledger = await writeLedgerReports([ledgerDir], out, runReasons);
    console.log(`\n[normprop] claims ledger: ${verdictCounts(ledger)} -> ${path.join(out, 'ledger.md')}`);
    if (ledger.partial.length)
      console.log(
        `[normprop] PARTIAL: ${ledger.partial.join('; ')}${explicit ? '' : `; the last full run's ledger (${path.join(reportsDir, 'ledger.md')}) is kept`}`,
      );
    const sources = {
      ledgerParts: [ledgerDir],
      goldenParts: [goldenDir],
      goldenDir: goldenRecordsDir(),
      reproJson: path.join(reportsDir, 'repro.json'),
      partialReasons: runReasons,
    };
    console.log(`[normprop] report: ${await writeIndexReport(sources, out)}`);
    const nothing = selectedNothing(vitest.config.testNamePattern, vitest.state.getFiles());
    if (nothing) {
      console.error(nothing);
      process.exitCode = 1;
    }
    // An unfiltered run must check every testable claim: one that did not run fails the suite.
    if (reasons.length === 0 && missing.length > 0) {
      console.error(
        `[normprop] FAILED: ${missing.length} testable claim(s) did not run in an unfiltered run: ${missing.join(', ')}`,
      );
      process.exitCode = 1;
    }
  };
}

/** A parts folder in the staging folder moves to `to` (replacing what was there); others stay. Returns where it is. */
async function settle(dir: string, staging: string, to: string): Promise<string> {
  if (path.dirname(dir) !== staging) return dir;
  const target = path.join(to, path.basename(dir));
  await rm(target, { recursive: true, force: true });
  await rename(dir, target);
  return target;
}
