import { ledgerClaims } from '../claims/catalog.js';
import { VERDICTS, type ClaimCheckResult } from '../claims/result.js';
import type { GoldenOutcome, GoldenStatus } from '../golden/check.js';
import { Shape } from '../io/stored-shape.js';

/**
 * The shapes of the parts a run stores, checked when they are read back (the ledger, the golden
 * diff, the page): an unknown verdict is refused, never re-labelled, and so is a result for a claim
 * the catalog lacks (it would vanish from the ledger). Each refusal names the file and the field.
 */
const GOLDEN_STATUSES: readonly GoldenStatus[] = [
  'passed',
  'missing-written',
  'config-changed',
  'input-changed',
  'mismatch',
  'updated',
];

export function checkResultShape(value: unknown, file: string, known = new Set(ledgerClaims().map((c) => c.id))) {
  const s = new Shape(file, 'a claim check result');
  const r = s.object(value);
  const claimId = s.field(r, 'claimId', 'string') as string;
  if (!known.has(claimId))
    s.fail(
      `field "claimId" is "${claimId}", a claim the catalog does not have (a part of another version, or made by hand)`,
    );
  s.field(r, 'check', 'string');
  s.oneOf(r, 'verdict', VERDICTS);
  for (const key of ['runs', 'minRuns', 'seed', 'seconds']) s.field(r, key, 'number');
  s.field(r, 'replay', 'string');
  for (const key of ['counterexample', 'path', 'failure', 'model', 'backend', 'date']) s.field(r, key, 'string', true);
  for (const key of ['shrinks', 'replayed', 'warmUpSeconds']) s.field(r, key, 'number', true);
  for (const key of ['measured', 'witness', 'divergence']) s.field(r, key, 'object', true);
  const rate = s.field(r, 'rate', 'object', true) as Record<string, unknown> | undefined;
  if (rate) {
    s.field(rate, 'k', 'number', false, 'rate.');
    s.field(rate, 'n', 'number', false, 'rate.');
    s.field(rate, 'ci95', 'array', false, 'rate.');
  }
  return value as ClaimCheckResult;
}

export function checkOutcomeShape(value: unknown, file: string) {
  const s = new Shape(file, 'a golden outcome');
  const o = s.object(value);
  s.field(o, 'name', 'string');
  s.oneOf(o, 'status', GOLDEN_STATUSES);
  s.field(o, 'failed', 'boolean');
  s.field(o, 'message', 'string');
  s.field(o, 'golden', 'string');
  s.field(o, 'obtained', 'string', true);
  const diff = s.field(o, 'diff', 'object', true) as Record<string, unknown> | undefined;
  if (diff) {
    for (const key of ['expectedBackend', 'obtainedBackend']) s.field(diff, key, 'string', false, 'diff.');
    s.field(diff, 'firstDivergingLayer', 'string', true, 'diff.');
    const fields = s.field(diff, 'fields', 'array', false, 'diff.') as unknown[];
    fields.forEach((f, i) => {
      const where = `diff.fields[${i}]`;
      const d = s.object(f, where);
      s.field(d, 'field', 'string', false, `${where}.`);
      for (const key of ['count', 'mismatches', 'maxAbs', 'maxRel', 'meanAbs', 'meanRel', 'medianAbs', 'medianRel'])
        s.field(d, key, 'number or null', false, `${where}.`);
      s.field(d, 'first', 'array', false, `${where}.`);
      s.field(d, 'structural', 'string', true, `${where}.`);
    });
  }
  return value as GoldenOutcome;
}
