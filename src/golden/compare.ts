import { spread } from '../stats/spread.js';
import { flatten, type GoldenRecord } from './record.js';
import { toleranceFor, type Tolerance } from './tolerance.js';

export interface Mismatch {
  index: number;
  expected: number;
  obtained: number;
  absError: number;
  relError: number;
}

export interface FieldDiff {
  field: string;
  tolerance: Tolerance;
  count: number;
  mismatches: number;
  maxAbs: number;
  meanAbs: number;
  medianAbs: number;
  maxRel: number;
  meanRel: number;
  medianRel: number;
  /** The first few values out of tolerance, in index order. */
  first: Mismatch[];
  /** A shape change or a missing/extra field: the field fails whatever its values. */
  structural?: string;
}

export interface RecordDiff {
  name: string;
  expectedBackend: string;
  obtainedBackend: string;
  crossBackend: boolean;
  fields: FieldDiff[];
  passed: boolean;
  /** For per-layer activation summaries: the first layer (in network order) whose summary is out of tolerance. */
  firstDivergingLayer?: string;
}

const median = (v: number[]) => (v.length === 0 ? 0 : spread(v).median);

function structural(field: string, tolerance: Tolerance, reason: string): FieldDiff {
  return {
    field,
    tolerance,
    count: 0,
    mismatches: 1,
    maxAbs: NaN,
    meanAbs: NaN,
    medianAbs: NaN,
    maxRel: NaN,
    meanRel: NaN,
    medianRel: NaN,
    first: [],
    structural: reason,
  };
}

export function compareField(
  field: string,
  expected: GoldenRecord['fields'][string] | undefined,
  obtained: GoldenRecord['fields'][string] | undefined,
  tolerance: Tolerance,
  keep = 5,
): FieldDiff {
  if (expected === undefined) return structural(field, tolerance, 'field is new: not in the golden');
  if (obtained === undefined) return structural(field, tolerance, 'field is in the golden but was not obtained');
  const e = flatten(expected, field);
  const o = flatten(obtained, field);
  if (e.shape.join() !== o.shape.join())
    return structural(field, tolerance, `shape changed from [${e.shape}] to [${o.shape}]`);
  const abs: number[] = [];
  const rel: number[] = [];
  const first: Mismatch[] = [];
  let mismatches = 0;
  const fieldScale = Math.max(0, ...e.values.map(Math.abs));
  e.values.forEach((ev, i) => {
    const ov = o.values[i];
    const a = Number.isNaN(ev) && Number.isNaN(ov) ? 0 : Math.abs(ov - ev);
    const r = a === 0 ? 0 : a / Math.abs(ev);
    abs.push(a);
    rel.push(r);
    // NaN never passes: a diverged run must not compare equal to anything.
    if (!(a <= tolerance.abs + tolerance.rel * (tolerance.scale === 'field' ? fieldScale : Math.abs(ev)))) {
      mismatches++;
      if (first.length < keep) first.push({ index: i, expected: ev, obtained: ov, absError: a, relError: r });
    }
  });
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / Math.max(1, v.length);
  return {
    field,
    tolerance,
    count: e.values.length,
    mismatches,
    maxAbs: Math.max(0, ...abs),
    meanAbs: mean(abs),
    medianAbs: median(abs),
    maxRel: Math.max(0, ...rel),
    meanRel: mean(rel),
    medianRel: median(rel),
    first,
  };
}

export function compareRecords(expected: GoldenRecord, obtained: GoldenRecord): RecordDiff {
  const crossBackend = expected.provenance.backend !== obtained.provenance.backend;
  const names = [...new Set([...Object.keys(expected.fields), ...Object.keys(obtained.fields)])];
  const fields = names.map((f) =>
    compareField(f, expected.fields[f], obtained.fields[f], toleranceFor(f, crossBackend)),
  );
  // Field order is network order for activations (the experiment writes them layer by layer).
  const firstDivergingLayer = fields
    .find((d) => d.field.startsWith('activations.') && d.mismatches > 0)
    ?.field.split('.')[1];
  return {
    name: expected.name,
    expectedBackend: expected.provenance.backend,
    obtainedBackend: obtained.provenance.backend,
    crossBackend,
    fields,
    passed: fields.every((d) => d.mismatches === 0),
    ...(firstDivergingLayer ? { firstDivergingLayer } : {}),
  };
}
