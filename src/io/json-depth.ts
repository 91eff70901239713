/**
 * How deep a parsed JSON value nests, up to `limit` (it stops looking there). Iterative: JSON.parse
 * takes a value nested 1,000,000 deep, and every recursive walk after it (JSON.stringify, deep
 * equality, a canonical hash) would overflow the stack on it.
 */
export function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v))
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** Files normprop writes nest a few levels; this is far above any of them. */
export const MAX_JSON_DEPTH = 64;
