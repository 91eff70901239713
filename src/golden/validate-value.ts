import { InputError } from '../errors.js';

/** Goldens hold numbers and arrays of them a few levels deep (a predict matrix is 2); deeper is not one normprop wrote. */
export const MAX_GOLDEN_DEPTH = 8;

/**
 * Checks that a golden field is a finite number or a rectangular array of them (every array at one
 * depth has the same length; numbers only at the last depth), naming the file and the entry.
 * Iterative, with a depth limit, so a hostile file nested 100,000 deep cannot overflow the stack.
 */
export function checkGoldenValue(value: unknown, where: string, file: string): void {
  const fail = (at: string, what: string): never => {
    throw new InputError(`${file}: field "${at}" ${what}`);
  };
  // The shape is read along the first entries; every other array must match it.
  const shape: number[] = [];
  for (let v = value, depth = 0; Array.isArray(v); v = v[0], depth++) {
    if (depth >= MAX_GOLDEN_DEPTH)
      fail(where, `is nested deeper than ${MAX_GOLDEN_DEPTH} arrays; goldens hold numbers and small arrays of them`);
    shape.push(v.length);
    if (v.length === 0) break;
  }
  const stack: { v: unknown; at: string; depth: number }[] = [{ v: value, at: where, depth: 0 }];
  while (stack.length > 0) {
    const { v, at, depth } = stack.pop()!;
    if (depth === shape.length) {
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) fail(at, `is ${v}; goldens hold finite numbers only`);
        continue;
      }
      if (Array.isArray(v)) fail(at, `is an array where its siblings hold numbers (a ragged array)`);
      fail(at, `is ${v === null ? 'null' : typeof v}, not a number or an array of numbers`);
    }
    if (!Array.isArray(v))
      fail(
        at,
        `is ${v === null ? 'null' : typeof v} where an array of ${shape[depth]} entries belongs (a ragged array)`,
      );
    const list = v as unknown[];
    if (list.length !== shape[depth])
      fail(at, `has ${list.length} entries where its siblings have ${shape[depth]} (a ragged array)`);
    for (let i = list.length - 1; i >= 0; i--) stack.push({ v: list[i], at: `${at}[${i}]`, depth: depth + 1 });
  }
}
