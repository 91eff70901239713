import { InputError } from '../errors.js';

/**
 * Checks of a stored file's shape (parts, golden outcomes, repro records), so a field of the wrong
 * type is refused naming the file and the field instead of crashing a reader later with a TypeError
 * ("text.replace is not a function"). Only what readers rely on is checked.
 */
export type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'number or null';

const kindOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;

function fits(value: unknown, kind: Kind): boolean {
  switch (kind) {
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
    case 'number or null':
      return value === null || typeof value === 'number';
    default:
      return typeof value === kind;
  }
}

export class Shape {
  constructor(
    readonly file: string,
    readonly what: string,
  ) {}

  fail(detail: string): never {
    throw new InputError(`${this.file}: ${detail}; not ${this.what} normprop wrote`);
  }

  /** `value` as an object (or the refusal). */
  object(value: unknown, where = ''): Record<string, unknown> {
    if (!fits(value, 'object')) this.fail(`${where ? `field "${where}" is` : 'holds'} ${kindOf(value)}, not an object`);
    return value as Record<string, unknown>;
  }

  /** Requires `obj[key]` to be of `kind` (or absent, when optional). `prefix` names the enclosing field. */
  field(obj: Record<string, unknown>, key: string, kind: Kind, optional = false, prefix = ''): unknown {
    const value = obj[key];
    if (value === undefined && optional) return value;
    if (!fits(value, kind))
      this.fail(
        `field "${prefix}${key}" is ${value === undefined ? 'missing' : kindOf(value)}, not ${kind === 'array' || kind === 'object' ? `an ${kind}` : `a ${kind}`}`,
      );
    return value;
  }

  /** Requires `obj[key]` to be one of `allowed`, naming them. */
  oneOf(obj: Record<string, unknown>, key: string, allowed: readonly string[]): string {
    const value = this.field(obj, key, 'string') as string;
    if (!allowed.includes(value)) this.fail(`field "${key}" is "${value}", which is none of ${allowed.join(', ')}`);
    return value;
  }
}
