import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ledgerClaims } from '../claims/catalog.js';
import { checkSettings } from '../settings-check.js';
import { listNormSpecFiles } from '../norm/registry.js';
import { checkClearable, claimFolder, removeOwnedFolder } from '../io/owned-folder.js';
import { PartsStore } from '../io/parts-store.js';
import { verdictCounts } from '../report/ledger-report.js';
import { readGoldenOutcomesFrom } from '../report/merge-parts.js';
import {
  goldenDir as goldenRecordsDir,
  reportsDir as reportsDirSetting,
  setting,
  type SettingName,
} from '../settings.js';
import { earlierLedgerFiles } from '../report/earlier-ledgers.js';
import { writeGoldenDiff, writeIndexReport, writeLedgerReports } from '../report/write-report.js';
import { checkOutcomeShape, checkResultShape } from '../report/part-schemas.js';
import { keepEarlierPartial } from './earlier-partial.js';
import { createStaging, holdsFullLedger, removeStaleStaging, settleInto } from './run-folders.js';
import { partialReasons } from './run-scope.js';
import { selectedNothing } from './selected-nothing.js';
import { refuseInTeardown } from './setup-refusal.js';

/**
 * What the vitest global setup (global-setup.ts) does. Workers store check results and golden outcomes in parts folders; after the
 * last file the main process writes the ledger, golden diff and index.html from them.
 *
 * A full run's reports are never replaced by a partial one: a run narrowed by a filter or a shard
 * writes to reports/partial/. Every run stores its parts in a staging folder of its own
 * (reports/.staging-<pid>, so two runs at once never clear each other's); a complete run (every
 * testable claim checked, not interrupted) moves them to reports/{ledger,golden}-parts and writes
 * reports/ledger.*; any other goes to reports/partial/ (an incomplete unfiltered run also fails).
 * NORMPROP_LEDGER_PARTS / NORMPROP_GOLDEN_PARTS / NORMPROP_REPORTS_DIR, when set (CI shards, nested
 * runs in tests), are used as given, but a parts folder normprop did not create is refused, never
 * emptied, and a partial run never replaces a full run's ledger there. Each run also gets its own
 * temporary folder (TMPDIR), removed at the end, so no test leaves normprop-* folders behind.
 */

/** The run's start (checks, folders); returns its end (the reports). Refusals are NormpropErrors. */
export async function prepareRun(project: TestProject): Promise<() => Promise<void>> {
  await checkSettings();
  // The specs' folders are listed once here: a bad file name or a duplicate id is one line, not a stack per test file.
  listNormSpecFiles();
  ledgerClaims();
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
  const reportsSetBy =
    setting('NORMPROP_REPORTS_DIR') !== undefined
      ? 'NORMPROP_REPORTS_DIR'
      : 'the reports folder (NORMPROP_REPORTS_DIR)';
  const partialDir = path.join(reportsDir, 'partial');
  // Every folder this run may clear or replace is checked first: one normprop did not make is refused
  // before anything is deleted (NORMPROP_GOLDEN_PARTS=golden must not empty golden/).
  const chosen = {
    NORMPROP_LEDGER_PARTS: setting('NORMPROP_LEDGER_PARTS'),
    NORMPROP_GOLDEN_PARTS: setting('NORMPROP_GOLDEN_PARTS'),
  };
  for (const [name, dir] of Object.entries(chosen)) if (dir !== undefined) await checkClearable(dir, name);
  for (const root of [reportsDir, partialDir])
    for (const kind of ['ledger-parts', 'golden-parts']) await checkClearable(path.join(root, kind), reportsSetBy);
  // Killed runs leave their staging folders behind; a live run's is its own business.
  await removeStaleStaging(reportsDir);
  // One staging folder per run, partial or full: a concurrent run in the same checkout never touches another's.
  const stagingDir = await createStaging(reportsDir, reportsSetBy);
  const mark = { started: new Date().toISOString(), partial: reasons };
  const ledgerParts = chosen.NORMPROP_LEDGER_PARTS ?? path.join(stagingDir, 'ledger-parts');
  const goldenParts = chosen.NORMPROP_GOLDEN_PARTS ?? path.join(stagingDir, 'golden-parts');
  // Each parts folder says a run wrote it, even if it stores nothing (a shard without goldens).
  await claimFolder(ledgerParts, 'NORMPROP_LEDGER_PARTS', mark);
  await claimFolder(goldenParts, 'NORMPROP_GOLDEN_PARTS', mark);
  // Workers are forked after this and inherit the environment: that is how they learn where to write.
  process.env.NORMPROP_LEDGER_PARTS = process.env.NORMPROP_LEDGER_PARTS_INHERITED = ledgerParts;
  process.env.NORMPROP_GOLDEN_PARTS = process.env.NORMPROP_GOLDEN_PARTS_INHERITED = goldenParts;
  const tmpRoot = await mkdtemp(path.join(os.tmpdir(), 'normprop-run-'));
  const tmpBefore = process.env.TMPDIR;
  process.env.TMPDIR = tmpRoot;

  return refuseInTeardown(async () => {
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
    // Only a complete run's reports go to reports/. A reports folder set by the caller (CI shards,
    // nested runs) takes a partial run's reports too, unless it holds a full run's ledger: a partial
    // run never replaces that (NORMPROP_REPORTS_DIR=reports with one file goes to reports/partial/).
    const out =
      complete || (setting('NORMPROP_REPORTS_DIR') !== undefined && !(await holdsFullLedger(reportsDir)))
        ? reportsDir
        : partialDir;
    // Partial runs accumulate in reports/partial/: the earlier ones' results join this run's (its own win).
    const earlier: string[] = [];
    if (out === partialDir && path.dirname(ledgerParts) === stagingDir) {
      const shapes = { 'ledger-parts': checkResultShape, 'golden-parts': checkOutcomeShape } as const;
      for (const dir of [ledgerParts, goldenParts]) {
        const kind = path.basename(dir) as keyof typeof shapes;
        const { kept, skipped } = await keepEarlierPartial<unknown>(path.join(partialDir, kind), dir, shapes[kind]);
        if (kept)
          earlier.push(
            `${kept} ${kind === 'ledger-parts' ? 'check result(s)' : 'golden outcome(s)'} of earlier partial runs kept (dated)`,
          );
        for (const s of skipped) console.warn(`[normprop] an earlier partial result was left out: ${s}`);
      }
    }
    // The reports are written from this run's own parts (and a partial run's earlier ones), then the parts join them.
    const outcomes = await readGoldenOutcomesFrom([goldenParts]);
    if (outcomes.length > 0) {
      await writeGoldenDiff(outcomes, out);
      console.log(
        `[normprop] goldens: ${outcomes.filter((o) => !o.failed).length} of ${outcomes.length} pass -> ${path.join(out, 'golden-diff.md')}`,
      );
    }
    const runReasons = [...reasons, ...interrupted, ...earlier];
    // A claim's record reads the last full and partial ledgers, whichever folder this run writes to.
    const ledger = await writeLedgerReports([ledgerParts], out, runReasons, earlierLedgerFiles(reportsDir));
    console.log(`\n[normprop] claims ledger: ${verdictCounts(ledger)} -> ${path.join(out, 'ledger.md')}`);
    if (ledger.partial.length)
      console.log(
        `[normprop] PARTIAL: ${ledger.partial.join('; ')}${explicit ? '' : `; the last full run's ledger (${path.join(reportsDir, 'ledger.md')}) is kept`}`,
      );
    const sources = {
      ledgerParts: [ledgerParts],
      goldenParts: [goldenParts],
      goldenDir: goldenRecordsDir(),
      reproJson: path.join(reportsDir, 'repro.json'),
      partialReasons: runReasons,
      earlierLedgers: earlierLedgerFiles(reportsDir),
    };
    console.log(`[normprop] report: ${await writeIndexReport(sources, out)}`);
    for (const dir of [ledgerParts, goldenParts])
      if (path.dirname(dir) === stagingDir)
        await settleInto(dir, path.join(out, path.basename(dir)), stagingDir, reportsSetBy);
    await removeOwnedFolder(stagingDir, reportsSetBy);
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
  });
}
