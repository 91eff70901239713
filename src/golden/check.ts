import { isDeepStrictEqual } from 'node:util';
import { InputError } from '../errors.js';
import { withFileLock } from '../io/file-lock.js';
import { compareRecords, type RecordDiff } from './compare.js';
import type { GoldenRecord } from './record.js';
import { goldenPath, obtainedPath, readGolden, removeObtained, writeRecord } from './store.js';
import { goldenDir } from '../settings.js';

/**
 * The golden workflow (as pytest-regressions does it):
 * check: a missing golden is written and the check fails (nobody commits an unchecked golden by
 *   accident); a mismatch writes NAME.obtained.json beside the golden and fails.
 * update-failing: rewrites goldens that are missing or fail; passing ones are not touched.
 * update-all: rewrites every golden whose values moved at all (within tolerance too); one whose every
 *   value is the same bit for bit is kept.
 */
/** A golden's kernel set; those recorded before kernel provenance (issue 30) all ran on normprop's. */
const kernelsOf = (r: GoldenRecord): string =>
  r.provenance.kernels?.set ?? 'normprop (recorded before kernel provenance)';

export type GoldenMode = 'check' | 'update-failing' | 'update-all';

export type GoldenStatus = 'passed' | 'missing-written' | 'config-changed' | 'input-changed' | 'mismatch' | 'updated';

export interface GoldenOutcome {
  name: string;
  status: GoldenStatus;
  failed: boolean;
  message: string;
  /** Where the golden and (on failure) the obtained record are. */
  golden: string;
  obtained?: string;
  diff?: RecordDiff;
}

export interface GoldenCheckOptions {
  /**
   * Update modes only: replace a golden that is structurally invalid (unreadable, ragged, edited by
   * hand) or lacks fields this run has. Without it those are refused, naming the file: a golden
   * damaged by hand is not silently written over.
   */
  replaceInvalid?: boolean;
}

/**
 * Checks (or updates) one golden. The read and the write happen under the golden's lock, so a
 * `golden accept` of the same golden cannot land between them (accept compares under the same lock).
 */
export async function checkGolden(
  obtained: GoldenRecord,
  mode: GoldenMode = 'check',
  dir = goldenDir(),
  options: GoldenCheckOptions = {},
): Promise<GoldenOutcome> {
  return withFileLock(goldenPath(obtained.name, dir), () => checkUnlocked(obtained, mode, dir, options));
}

async function checkUnlocked(
  obtained: GoldenRecord,
  mode: GoldenMode,
  dir: string,
  options: GoldenCheckOptions,
): Promise<GoldenOutcome> {
  const { name } = obtained;
  const golden = goldenPath(name, dir);
  let expected: GoldenRecord | undefined;
  let invalid: string | undefined;
  try {
    expected = await readGolden(name, dir);
  } catch (error) {
    if (!(error instanceof InputError) || mode === 'check') throw error;
    if (!options.replaceInvalid)
      throw new InputError(`${error.message} (npm run golden:update -- --replace-invalid replaces it)`);
    invalid = error.message;
  }
  const rewrite = async (status: GoldenStatus, message: string, diff?: RecordDiff): Promise<GoldenOutcome> => {
    await writeRecord(golden, obtained);
    await removeObtained(name, dir);
    return { name, status, failed: false, message, golden, diff };
  };
  // A failing check leaves the golden alone and puts this run's record beside it.
  const keepObtained = async (
    status: GoldenStatus,
    message: (file: string) => string,
    diff?: RecordDiff,
  ): Promise<GoldenOutcome> => {
    const file = obtainedPath(name, dir);
    await writeRecord(file, obtained);
    return { name, status, failed: true, golden, obtained: file, diff, message: message(file) };
  };
  if (invalid !== undefined)
    return rewrite('updated', `${golden}: replaced (--replace-invalid; it was invalid: ${invalid})`);
  if (!expected) {
    if (mode !== 'check') return rewrite('updated', `${golden}: written (there was none)`);
    await writeRecord(golden, obtained);
    return {
      name,
      status: 'missing-written',
      failed: true,
      message: `${golden}: there was no golden; it has been written from this run. Review it, commit it, and rerun.`,
      golden,
    };
  }
  if (expected.provenance.configHash !== obtained.provenance.configHash) {
    if (mode !== 'check')
      return rewrite(
        'updated',
        `${golden}: rewritten for the new configuration (hash ${expected.provenance.configHash} -> ${obtained.provenance.configHash})`,
      );
    return keepObtained(
      'config-changed',
      (file) =>
        `${golden}: made for configuration ${expected.provenance.configHash}, the experiment now has ${obtained.provenance.configHash} (${configChanges(expected.provenance.config, obtained.provenance.config)}); this run's record is in ${file}. If the change is intended, ${ACCEPT_HINT(name)}.`,
    );
  }
  const diff = compareRecords(expected, obtained);
  const lacking = diff.fields.filter((f) => f.structural === 'field is new: not in the golden').map((f) => f.field);
  if (mode !== 'check' && lacking.length > 0 && !options.replaceInvalid) {
    throw new InputError(
      `${golden}: lacks field(s) ${lacking.slice(0, 5).join(', ')}${lacking.length > 5 ? ` and ${lacking.length - 5} more` : ''} that this run has; if the experiment gained them, npm run golden:update -- --replace-invalid rewrites it`,
    );
  }
  // Different input pixels (decoding, resizing) make every output differ for a reason the diff would not name.
  const [before, now] = [expected.provenance.inputSha256, obtained.provenance.inputSha256];
  if (before && now && before !== now) {
    if (mode !== 'check')
      return rewrite(
        'updated',
        `${golden}: rewritten for new input pixels (sha256 ${before.slice(0, 12)}… -> ${now.slice(0, 12)}…)`,
        diff,
      );
    return keepObtained(
      'input-changed',
      (file) =>
        `${golden}: the input pixels changed (sha256 ${before.slice(0, 12)}… -> ${now.slice(0, 12)}…): image decoding or resizing differs from when the golden was made, so its outputs are not comparable (${diff.passed ? 'they still match' : `${diff.fields.filter((f) => f.mismatches > 0).length} fields differ`}); this run's record is in ${file}. If the change is intended, ${ACCEPT_HINT(name)}.`,
      diff,
    );
  }
  if (diff.passed) {
    // --all rewrites what moved, even within tolerance; a record whose every value is the same bit for bit
    // stays as it is (rewriting it for a new date or machine would only churn git).
    if (mode === 'update-all' && !isDeepStrictEqual(expected.fields, obtained.fields))
      return rewrite('updated', `${golden}: rewritten (it passed, values moved within tolerance; --all)`, diff);
    await removeObtained(name, dir);
    return { name, status: 'passed', failed: false, message: `${golden}: matches`, golden, diff };
  }
  const failing = diff.fields.filter((f) => f.mismatches > 0);
  const summary = failing
    .slice(0, 5)
    .map((f) =>
      f.structural
        ? `${f.field}: ${f.structural}`
        : `${f.field}: ${f.mismatches}/${f.count} out of tolerance, max abs ${f.maxAbs.toExponential(3)}, max rel ${f.maxRel.toExponential(3)}, first at [${f.first[0]?.index}] expected ${f.first[0]?.expected} got ${f.first[0]?.obtained}`,
    )
    .join('\n  ');
  if (mode !== 'check')
    return rewrite('updated', `${golden}: rewritten (${failing.length} fields had changed)\n  ${summary}`, diff);
  return keepObtained(
    'mismatch',
    (file) =>
      `${golden}: ${failing.length} of ${diff.fields.length} fields differ beyond tolerance (golden made on ${diff.expectedBackend} with ${kernelsOf(expected)} kernels, checked on ${diff.obtainedBackend} with ${kernelsOf(obtained)}${diff.crossBackend ? ', cross-backend tolerance' : ''})${diff.firstDivergingLayer ? `; first diverging layer: ${diff.firstDivergingLayer}` : ''}\n  ${summary}\nThis run's record is in ${file}; if the change is intended, ${ACCEPT_HINT(name)}.`,
    diff,
  );
}

/** What to run when a golden's change is intended: accept takes this run's record, update retrains. */
const ACCEPT_HINT = (name: string) =>
  `npx normprop golden accept --only ${name} takes this run's record as the golden without training again (npm run golden:update -- --only ${name} retrains)`;

/** The settings whose values differ between two configurations: "epochs 5 -> 6, momentum 0.99 -> 0.9". */
export function configChanges(before: Record<string, unknown>, after: Record<string, unknown>): string {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const changed = keys
    .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
    .map((k) => `${k} ${JSON.stringify(before[k]) ?? 'absent'} -> ${JSON.stringify(after[k]) ?? 'absent'}`);
  return changed.length ? `changed: ${changed.join(', ')}` : 'the same settings, hashed differently';
}
