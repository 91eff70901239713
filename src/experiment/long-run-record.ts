import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { KernelProvenance } from '../backend/kernel-provenance.js';
import { InputError } from '../errors.js';
import { readRegularTextFile } from '../io/read-bounded.js';
import type { StatsGap } from './moving-vs-batch.js';

/**
 * The stored record of one long training run (C10 under full training, `npm run measure:c10`): JSON
 * Lines, appended an epoch at a time so a run of hours loses nothing when it stops. Line 1 is the
 * header (configuration and provenance); every further line is an epoch or a resume event (the
 * provenance of the process that carried the run on, which may be another machine).
 */

export const LONG_RUN_FORMAT = 'normprop-long-run/1';
/** A run of 3000 epochs of ResNet50 is about 2 MB; far above that is not a record normprop wrote. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;

export interface RunProvenance {
  normprop: string;
  backend: string;
  device: string;
  tfjsVersion: string;
  threads?: number;
  /** The kernel set the run trained on. */
  kernels: KernelProvenance;
  node: string;
  machine: { cpu: string; cores: number; memoryGiB: number; platform: string };
  /** When this process started (ISO). */
  at: string;
}

export interface ImagesUsed {
  source: 'folder' | 'generated';
  /** The folder relative to the project root, when inside it. */
  folder?: string;
  /** Each image's file name (or generated name) and the sha256 of its bytes, in class order. */
  images: { name: string; sha256: string }[];
  /** source 'generated': the seed the recipes were drawn with, and the recipes. */
  generatorSeed?: number;
  recipes?: unknown[];
}

export interface LongRunConfig {
  momentum: number;
  /** Seed of the weights. */
  seed: number;
  size: number;
  stages: number[];
  width: number;
  epsilon: number;
  learningRate: number;
  images: ImagesUsed;
}

export interface LongRunHeader {
  format: typeof LONG_RUN_FORMAT;
  claim: string;
  /** Names the run; a record or checkpoint of another key is refused, never appended to. */
  runKey: string;
  config: LongRunConfig;
  provenance: RunProvenance;
}

export interface EpochLine {
  kind: 'epoch';
  epoch: number;
  /** fit()'s loss and accuracy: training mode (batch statistics), on the weights before the step. */
  loss: number;
  trainAcc: number;
  /** predict() after the step (inference mode, moving statistics), one row per image. */
  predict: number[][];
  classes: number[];
  /** Images predict() got right (image i is class i). */
  correct: number;
  /** Categorical crossentropy of predict()'s rows, clipped as Keras clips: evaluate()'s loss. */
  predictLoss: number;
  /** Moving statistics entering this step against the batch statistics the step used, per watched BN layer (first, middle, last). */
  gap: Record<string, StatsGap>;
  seconds: number;
  /** Set on the last line when fit()'s loss or predict()'s output went NaN/Inf; the run stopped there. */
  diverged?: string;
}

export interface ResumeLine {
  kind: 'resume';
  /** The checkpoint's epoch; epochs after it were recomputed (and checked against the stored ones). */
  fromEpoch: number;
  provenance: RunProvenance;
}

export type RecordLine = EpochLine | ResumeLine;

export interface LongRunRecord {
  file: string;
  header: LongRunHeader;
  epochs: EpochLine[];
  resumes: ResumeLine[];
  /** A last line cut off mid-write (the process was killed); it is ignored. */
  tornTail: boolean;
}

/** The key that names a run: everything that changes what it computes. */
export function runKeyOf(c: LongRunConfig): string {
  const images = c.images.source === 'generated' ? `generated${c.images.generatorSeed}` : (c.images.folder ?? 'folder');
  return [
    `m${c.momentum}`,
    images.replace(/[^A-Za-z0-9_.-]+/g, '_'),
    `seed${c.seed}`,
    `${c.size}px`,
    `stages${c.stages.join('-')}`,
    `w${c.width}`,
    `lr${c.learningRate}`,
    `eps${c.epsilon}`,
  ].join('_');
}

/** The first epoch from which every image was right `window` epochs in a row, or null. */
export function stableFrom(correct: boolean[], window: number): number | null {
  let streak = 0;
  for (let i = 0; i < correct.length; i++) {
    streak = correct[i] ? streak + 1 : 0;
    if (streak === window) return i + 2 - window;
  }
  return null;
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkEpochLine(line: EpochLine, where: string, expected: number): void {
  const bad = (field: string) => new InputError(`${where}: field ${field} is missing or malformed`);
  if (line.epoch !== expected) throw new InputError(`${where}: epoch ${line.epoch} where ${expected} was due`);
  for (const field of ['trainAcc', 'correct', 'seconds'] as const) if (!finite(line[field])) throw bad(field);
  // A diverged line carries the non-finite loss that stopped the run, as a string in `diverged`.
  if (!line.diverged) for (const field of ['loss', 'predictLoss'] as const) if (!finite(line[field])) throw bad(field);
  if (!Array.isArray(line.classes) || !line.classes.every((c) => Number.isInteger(c))) throw bad('classes');
  if (!Array.isArray(line.predict)) throw bad('predict');
  if (typeof line.gap !== 'object' || line.gap === null) throw bad('gap');
}

function checkHeader(h: LongRunHeader, where: string): void {
  if (h?.format !== LONG_RUN_FORMAT)
    throw new InputError(
      `${where}: not a long-run record (format ${JSON.stringify(h?.format)}, want ${LONG_RUN_FORMAT})`,
    );
  const c = h.config;
  if (!c || !finite(c.momentum) || !Number.isInteger(c.seed) || !Array.isArray(c.stages) || !c.images)
    throw new InputError(`${where}: field config is missing or malformed`);
  if (h.runKey !== runKeyOf(c))
    throw new InputError(`${where}: field runKey ${JSON.stringify(h.runKey)} does not match its config`);
  if (!h.provenance || typeof h.provenance.at !== 'string')
    throw new InputError(`${where}: field provenance is missing or malformed`);
}

/** Reads and validates a record; undefined when the file does not exist. Errors name the file and line. */
export async function readLongRunRecord(file: string): Promise<LongRunRecord | undefined> {
  const text = await readRegularTextFile(file, MAX_RECORD_BYTES, 'long-run record');
  if (text === undefined) return undefined;
  const rows = text.split('\n');
  // The last piece is '' after a whole last line, or a line cut off by a process that died mid-write.
  const tornTail = rows.pop() !== '';
  const parse = (row: string, i: number) => {
    try {
      return JSON.parse(row) as unknown;
    } catch {
      throw new InputError(`${file}:${i + 1}: not a JSON line`);
    }
  };
  if (rows.length === 0) throw new InputError(`${file}: empty (no header line)`);
  const header = parse(rows[0], 0) as LongRunHeader;
  checkHeader(header, `${file}:1`);
  const epochs: EpochLine[] = [];
  const resumes: ResumeLine[] = [];
  rows.slice(1).forEach((row, j) => {
    const line = parse(row, j + 1) as RecordLine;
    const where = `${file}:${j + 2}`;
    if (line?.kind === 'resume') resumes.push(line);
    else if (line?.kind === 'epoch') {
      if (epochs.at(-1)?.diverged) throw new InputError(`${where}: an epoch after the run diverged`);
      checkEpochLine(line, where, epochs.length + 1);
      epochs.push(line);
    } else throw new InputError(`${where}: field kind must be "epoch" or "resume"`);
  });
  return { file, header, epochs, resumes, tornTail };
}

/** Every record in `dir` (a missing folder is none). Refuses a malformed one, naming the file and line. */
export async function readLongRunRecords(dir: string): Promise<LongRunRecord[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.jsonl')).sort();
  const records: LongRunRecord[] = [];
  for (const name of names) {
    const record = await readLongRunRecord(path.join(dir, name));
    if (record) records.push(record);
  }
  return records;
}

export const recordLine = (line: LongRunHeader | RecordLine) => `${JSON.stringify(line)}\n`;
