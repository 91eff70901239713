import { minimist } from 'zx';
import { UsageError } from '../errors.js';

/** One command-line option: its type, default and description live together, and --help is made from them. */
export interface OptionSpec {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'integer-list';
  description: string;
  default?: string | number | boolean | number[];
  /** Inclusive bounds for numbers (and for each entry of a list). */
  min?: number;
  max?: number;
  /** Accepted values of a string option. */
  choices?: readonly string[];
  /** Placeholder in help, e.g. DIR. */
  placeholder?: string;
}

export type ParsedOptions = Record<string, string | number | boolean | number[] | undefined>;

function checkRange(spec: OptionSpec, value: number, raw: string): number {
  if (Number.isNaN(value)) throw new UsageError(`--${spec.name}: "${raw}" is not a number`);
  if (spec.type.startsWith('integer') && !Number.isInteger(value)) throw new UsageError(`--${spec.name}: "${raw}" is not an integer`);
  if (spec.min !== undefined && value < spec.min) throw new UsageError(`--${spec.name}: ${value} is below the minimum ${spec.min}`);
  if (spec.max !== undefined && value > spec.max) throw new UsageError(`--${spec.name}: ${value} is above the maximum ${spec.max}`);
  return value;
}

function convert(spec: OptionSpec, raw: unknown): string | number | boolean | number[] {
  if (spec.type === 'boolean') return Boolean(raw);
  // A flag given twice: the last one wins, as in most command-line tools (npm scripts append flags).
  const text = String(Array.isArray(raw) ? raw[raw.length - 1] : raw);
  if (text === 'true' || text === '') throw new UsageError(`--${spec.name} needs a value`);
  switch (spec.type) {
    case 'string':
      if (spec.choices && !spec.choices.includes(text)) throw new UsageError(`--${spec.name}: "${text}" is not one of ${spec.choices.join(', ')}`);
      return text;
    case 'integer':
    case 'number':
      return checkRange(spec, text.trim() === '' ? NaN : Number(text), text);
    case 'integer-list':
      return text.split(',').map((part) => checkRange(spec, part.trim() === '' ? NaN : Number(part), part));
  }
}

/** Parses argv against the specs; unknown flags, stray arguments and out-of-range values are UsageErrors. */
export function parseOptions(specs: OptionSpec[], argv: string[]): ParsedOptions {
  const unknown: string[] = [];
  const parsed = minimist(argv, {
    string: specs.filter((s) => s.type !== 'boolean').map((s) => s.name),
    boolean: [...specs.filter((s) => s.type === 'boolean').map((s) => s.name), 'help'],
    alias: { h: 'help' },
    default: Object.fromEntries(specs.filter((s) => s.type === 'boolean').map((s) => [s.name, s.default ?? false])),
    unknown: (arg: string) => {
      unknown.push(arg);
      return false;
    },
  });
  if (unknown.length > 0) {
    throw new UsageError(`unknown option or argument: ${unknown.join(' ')} (see --help)`);
  }
  const result: ParsedOptions = { help: Boolean(parsed.help) };
  for (const spec of specs) {
    const raw = parsed[spec.name];
    result[spec.name] = raw === undefined ? spec.default : convert(spec, raw);
  }
  return result;
}

export function formatHelp(usage: string, summary: string, specs: OptionSpec[]): string {
  const rows = specs.map((s) => {
    const flag = `--${s.name}${s.type === 'boolean' ? '' : ` ${s.placeholder ?? s.type.toUpperCase()}`}`;
    const extra = [
      s.choices ? `one of ${s.choices.join('|')}` : '',
      s.default !== undefined && s.type !== 'boolean' ? `default ${Array.isArray(s.default) ? s.default.join(',') : s.default}` : '',
    ].filter(Boolean);
    return [flag, `${s.description}${extra.length ? ` (${extra.join('; ')})` : ''}`];
  });
  rows.push(['--help, -h', 'Print this help and exit']);
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return [`Usage: ${usage}`, '', summary, '', 'Options:', ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`)].join('\n');
}
