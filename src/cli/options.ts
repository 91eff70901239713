import { parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { closestName } from './closest-name.js';

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
  /** A boolean that also takes --no-NAME (only where declared: elsewhere --no-X is an unknown flag). */
  negatable?: boolean;
}

export type ParsedOptions = Record<string, string | number | boolean | number[] | undefined>;

// Integers are written in decimal: 0x1, 2e0 and 1.0 are not what a person means by a class or a count.
const DECIMAL_INTEGER = /^[+-]?\d+$/;

function checkRange(spec: OptionSpec, raw: string): number {
  const text = raw.trim();
  const value = text === '' ? NaN : Number(text);
  if (Number.isNaN(value)) throw new UsageError(`--${spec.name}: "${raw}" is not a number`);
  if (spec.type.startsWith('integer') && !DECIMAL_INTEGER.test(text))
    throw new UsageError(`--${spec.name}: "${raw}" is not a decimal integer`);
  if (spec.min !== undefined && value < spec.min)
    throw new UsageError(`--${spec.name}: ${value} is below the minimum ${spec.min}`);
  if (spec.max !== undefined && value > spec.max)
    throw new UsageError(`--${spec.name}: ${value} is above the maximum ${spec.max}`);
  return value;
}

function convert(spec: OptionSpec, text: string): string | number | number[] {
  if (text === '') throw new UsageError(`--${spec.name} needs a value`);
  switch (spec.type) {
    case 'string':
      if (spec.choices && !spec.choices.includes(text))
        throw new UsageError(`--${spec.name}: "${text}" is not one of ${spec.choices.join(', ')}`);
      return text;
    case 'integer-list':
      return text.split(',').map((part) => checkRange(spec, part));
    default:
      return checkRange(spec, text);
  }
}

/**
 * `--seed -1` reads as two flags to parseArgs; a value flag followed by something that looks like a
 * negative number takes it as its value, so that the range check can answer instead.
 */
function joinNegativeValues(specs: OptionSpec[], argv: string[]): string[] {
  const takesValue = new Set(specs.filter((s) => s.type !== 'boolean').map((s) => `--${s.name}`));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (takesValue.has(argv[i]) && i + 1 < argv.length && /^-[\d.]/.test(argv[i + 1]))
      out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

/** `--name` or `--no-name` of each declared flag, and --help: what an unknown flag is compared with. */
const flagNames = (specs: OptionSpec[]) => [
  '--help',
  ...specs.flatMap((s) => [`--${s.name}`, ...(s.negatable ? [`--no-${s.name}`] : [])]),
];

/**
 * `npm run repro --stages 1,1` (no `--`) hands `--stages` to npm, which keeps it as npm_config_stages, and
 * the command sees only a stray `1,1`: the flags of ours that npm took, so the message can say so.
 */
function npmSwallowed(specs: OptionSpec[], env: NodeJS.ProcessEnv = process.env): string[] {
  if (!env.npm_lifecycle_event) return [];
  return specs.filter((s) => env[`npm_config_${s.name.replace(/-/g, '_')}`] !== undefined).map((s) => `--${s.name}`);
}

function usageErrorOf(error: unknown, specs: OptionSpec[]): UsageError {
  const { code, message } = error as { code?: string; message: string };
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const typed = quoted.split('=')[0];
    const suggestion = typed.startsWith('--') ? closestName(typed, flagNames(specs)) : undefined;
    const swallowed = npmSwallowed(specs);
    return new UsageError(
      swallowed.length
        ? `unknown option or argument: ${quoted} (npm took ${swallowed.join(', ')} for itself: put -- before the command's flags, e.g. npm run ${process.env.npm_lifecycle_event} -- ${swallowed[0]} ${quoted})`
        : `unknown option or argument: ${quoted} (${suggestion ? `did you mean ${suggestion}? ` : ''}see --help)`,
    );
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = quoted.split(' ')[0];
    return new UsageError(
      /does not take an argument/.test(message) ? `${flag} takes no value` : `${flag} needs a value`,
    );
  }
  return new UsageError(message.split('\n')[0]);
}

/**
 * Parses argv against the specs with node:util parseArgs (strict: own-property lookups, so no flag
 * name such as --constructor or --__proto__ can reach an object's prototype). Unknown flags (with
 * the closest declared one suggested), stray arguments and out-of-range values are UsageErrors. A
 * flag given twice: the last one wins, as in most command-line tools (npm scripts append flags).
 */
export function parseOptions(specs: OptionSpec[], argv: string[]): ParsedOptions {
  return parseArguments(specs, argv, { operands: false }).options;
}

/** parseOptions for a command that also takes words that are not flags (operands: test files, say). */
export function parseArguments(
  specs: OptionSpec[],
  argv: string[],
  { operands: allowOperands }: { operands: boolean },
): { options: ParsedOptions; operands: string[] } {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const spec of specs) {
    options[spec.name] = { type: spec.type === 'boolean' ? 'boolean' : 'string' };
    if (spec.negatable) options[`no-${spec.name}`] = { type: 'boolean' };
  }
  let tokens;
  try {
    ({ tokens } = parseArgs({
      args: joinNegativeValues(specs, argv),
      options,
      strict: true,
      allowPositionals: allowOperands,
      tokens: true,
    }));
  } catch (error) {
    throw usageErrorOf(error, specs);
  }
  const given = new Map<string, string | boolean>();
  const operands: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') operands.push(token.value);
    if (token.kind !== 'option') continue;
    const negated = specs.find((s) => s.negatable && `no-${s.name}` === token.name);
    if (negated) given.set(negated.name, false);
    else given.set(token.name, token.value ?? true);
  }
  const result: ParsedOptions = { help: given.get('help') === true };
  for (const spec of specs) {
    const raw = given.get(spec.name);
    if (spec.type === 'boolean') result[spec.name] = raw === undefined ? (spec.default ?? false) : raw;
    else result[spec.name] = raw === undefined ? spec.default : convert(spec, String(raw));
  }
  return { options: result, operands };
}

export function formatHelp(usage: string, summary: string, specs: OptionSpec[]): string {
  const rows = specs.map((s) => {
    const flag = `--${s.negatable ? '[no-]' : ''}${s.name}${s.type === 'boolean' ? '' : ` ${s.placeholder ?? s.type.toUpperCase()}`}`;
    const extra = [
      s.choices ? `one of ${s.choices.join('|')}` : '',
      s.default !== undefined && s.type !== 'boolean'
        ? `default ${Array.isArray(s.default) ? s.default.join(',') : s.default}`
        : '',
    ].filter(Boolean);
    return [flag, `${s.description}${extra.length ? ` (${extra.join('; ')})` : ''}`];
  });
  rows.push(['--help, -h', 'Print this help and exit']);
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return [
    `Usage: ${usage}`,
    '',
    summary,
    '',
    'Options:',
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`),
  ].join('\n');
}
