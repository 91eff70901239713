import type fc from 'fast-check';

/**
 * Limits on a decoded stored counterexample. A file of a few bytes can decode to a sparse array of
 * length 2^32-1, which anything iterating it (the property, fast-check's printer) would take hours
 * over; the lengths are checked before any iteration.
 */
export const STORED_VALUE_LIMITS = { depth: 32, nodes: 1_000_000, length: 1_000_000 };

/** Why a decoded value is too big to replay, or undefined when it is within the limits. Iterative. */
export function storedValueTooBig(value: unknown, limits = STORED_VALUE_LIMITS): string | undefined {
  const stack: [unknown, string, number][] = [[value, 'counterexample', 0]];
  let nodes = 0;
  while (stack.length > 0) {
    const [v, at, depth] = stack.pop()!;
    if (++nodes > limits.nodes) return `it holds more than ${limits.nodes} values`;
    if (typeof v === 'string' && v.length > limits.length)
      return `${at} is a string of ${v.length} characters (limit ${limits.length})`;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limits.depth) return `${at} is nested deeper than ${limits.depth} levels`;
    if (ArrayBuffer.isView(v)) {
      const length = (v as unknown as { length?: number }).length ?? v.byteLength;
      if (length > limits.length) return `${at} is a typed array of length ${length} (limit ${limits.length})`;
      continue;
    }
    // Sizes first: Array.from over a sparse array of length 2^32-1 would not end.
    const size = Array.isArray(v) ? v.length : v instanceof Map || v instanceof Set ? v.size : 0;
    if (size > limits.length) return `${at} has ${size} entries (limit ${limits.length})`;
    const entries: [string, unknown][] = Array.isArray(v)
      ? Array.from(v, (x, i) => [`${at}[${i}]`, x])
      : v instanceof Map
        ? [...v].map(([k, x], i) => [`${at}<map ${i}>`, [k, x]])
        : v instanceof Set
          ? [...v].map((x, i) => [`${at}<set ${i}>`, x])
          : Object.entries(v).map(([k, x]) => [`${at}.${k}`, x]);
    for (const [where, x] of entries) stack.push([x, where, depth + 1]);
  }
  return undefined;
}

type AnyArbitrary = fc.Arbitrary<unknown> & { arb?: AnyArbitrary; arbs?: AnyArbitrary[] };

/**
 * Whether `value` (a property's argument tuple) is in the domain of the property's arbitraries, by
 * fast-check's own test (`canShrinkWithoutContext`: true only for values the arbitrary can produce).
 * fc.property wraps its arbitraries in a tuple of AlwaysShrinkableArbitrary, which says yes to
 * anything; the check looks through it to the arbitraries given. False when it cannot tell (a
 * chained or mapped arbitrary without an unmapper cannot): such a value is not trusted either.
 */
export function inPropertyDomain(property: unknown, value: unknown): boolean {
  const tuple = (property as { arb?: AnyArbitrary }).arb;
  if (!tuple || !Array.isArray(tuple.arbs)) return false;
  if (!Array.isArray(value) || value.length !== tuple.arbs.length) return false;
  return tuple.arbs.every((wrapped, i) => {
    const inner = wrapped.constructor.name === 'AlwaysShrinkableArbitrary' && wrapped.arb ? wrapped.arb : wrapped;
    return inner.canShrinkWithoutContext(value[i]);
  });
}
