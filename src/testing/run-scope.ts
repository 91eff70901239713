/**
 * Whether a vitest run covers the whole suite. A run narrowed by file names, -t, a shard or
 * --changed/--related is partial: its ledger is written apart and never replaces a full run's.
 */
export interface VitestRunFilters {
  /** File name filters given on the command line (vitest's filenamePattern). */
  files?: string[];
  testNamePattern?: RegExp | string;
  shard?: { index: number; count: number };
  changed?: boolean | string;
  related?: string[];
}

export function partialReasons(f: VitestRunFilters): string[] {
  const reasons: string[] = [];
  if (f.files?.length) reasons.push(`filtered to files matching ${f.files.join(', ')}`);
  if (f.testNamePattern) reasons.push(`filtered with -t ${String(f.testNamePattern)}`);
  if (f.shard) reasons.push(`shard ${f.shard.index} of ${f.shard.count}`);
  if (f.changed) reasons.push('only files changed in git (--changed)');
  if (f.related?.length) reasons.push(`only files related to ${f.related.join(', ')}`);
  return reasons;
}
