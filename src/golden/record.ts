import { createHash } from 'node:crypto';
import type { KernelProvenance } from '../backend/kernel-provenance.js';

/**
 * A golden record: the outputs of one canonical experiment (never weights) and where they came from.
 * Fields are numbers or (nested) arrays of numbers, keyed by dotted names; the comparison flattens them.
 */
export type GoldenValue = number | GoldenValue[];

export interface GoldenProvenance {
  /** normprop's backend name (wasm, cpu, node, node-gpu, ...). */
  backend: string;
  device: string;
  tfjsVersion: string;
  /**
   * The kernels the experiment ran on (stock tfjs, or normprop's accelerator). Outside the hashed
   * config: the kernel set is how the run was made, not what it is; goldens recorded before issue 30
   * lack it (every one of them ran on normprop's kernels: selectBackend always installed them then).
   */
  kernels?: KernelProvenance;
  normprop: string;
  node: string;
  seed: number;
  /** The experiment's configuration and its hash (sha256 of its canonical JSON, first 16 hex digits). */
  config: Record<string, unknown>;
  configHash: string;
  /**
   * sha256 of the input pixels the experiment trained on (NHWC float32 bytes, hex): a change in image
   * decoding or resizing is named as such instead of showing up as drifted outputs.
   */
  inputSha256?: string;
  date: string;
}

export interface GoldenRecord {
  name: string;
  description: string;
  provenance: GoldenProvenance;
  fields: Record<string, GoldenValue>;
}

/** JSON with object keys sorted at every level, so equal configurations hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** sha256 (hex) of float32 values' bytes: the golden's fingerprint of its input pixels. */
export function pixelsSha256(pixels: Float32Array): string {
  return createHash('sha256')
    .update(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength))
    .digest('hex');
}

export function configHash(config: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(config)).digest('hex').slice(0, 16);
}

/** Flattens a field to its numbers (row-major) and its shape; ragged arrays are an error. */
export function flatten(value: GoldenValue, field: string): { shape: number[]; values: number[] } {
  if (typeof value === 'number') return { shape: [], values: [value] };
  if (!Array.isArray(value)) throw new TypeError(`field "${field}" holds ${typeof value}, not numbers`);
  const parts = value.map((v, i) => flatten(v, `${field}[${i}]`));
  const inner = parts[0]?.shape ?? [];
  parts.forEach((p, i) => {
    if (p.shape.join() !== inner.join())
      throw new TypeError(`field "${field}" is ragged: entry ${i} has shape [${p.shape}], entry 0 [${inner}]`);
  });
  return { shape: [value.length, ...inner], values: parts.flatMap((p) => p.values) };
}
