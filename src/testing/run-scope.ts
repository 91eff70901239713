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

/** vitest flags that take the next argument as their value (so it is not a file filter). */
const VALUE_FLAGS = new Set([
  '-t',
  '--testNamePattern',
  '-c',
  '--config',
  '--shard',
  '--reporter',
  '--outputFile',
  '--maxWorkers',
  '--minWorkers',
  '--pool',
  '-r',
  '--root',
  '--dir',
  '--project',
  '--related',
  '--changed',
]);

/**
 * Whether vitest's command line narrows the run (file filters, -t, a shard, --changed, --related), read
 * from argv before vitest parses it: the config needs it to send a partial run's coverage beside its
 * partial reports instead of over the full run's.
 */
export function narrowedByArgv(argv: string[]): boolean {
  const args = argv.slice(2);
  return args.some((arg, i) => {
    if (/^(-t|--testNamePattern|--shard|--changed|--related)(=|$)/.test(arg)) return true;
    if (arg.startsWith('-') || ['run', 'watch', 'dev', 'related'].includes(arg)) return false;
    return !VALUE_FLAGS.has(args[i - 1] ?? '');
  });
}
