import { rename } from 'node:fs/promises';
import { InputError } from '../errors.js';
import type { FailureStore } from './failure-store.js';
import { inPropertyDomain, storedValueTooBig } from './stored-value.js';

/**
 * The stored counterexamples a property may replay. A stored value is trusted only when the
 * property's own arbitraries could have produced it: one edited by hand or made for an older
 * arbitrary (C12 given [-1, 0, 0] where the constant class is 0..2) would fail the property and be
 * reported as a regression of the claim. Such a file, and one that cannot be read or decoded or is
 * too big, is set aside (renamed to *.set-aside, kept for a person to look at) with a message naming
 * it, and the property runs without it.
 */
export async function replayableExamples<Ts>(
  store: FailureStore,
  key: string,
  property: unknown,
  warn: (line: string) => void = console.warn,
): Promise<Ts[]> {
  const file = store.fileOf(key);
  const setAside = async (reason: string): Promise<Ts[]> => {
    const aside = `${file}.${new Date().toISOString().replace(/[:.]/g, '-')}.set-aside`;
    await rename(file, aside).catch(() => undefined);
    warn(`[normprop] ${file}: stored failure set aside as ${aside}, not replayed: ${reason}`);
    return [];
  };
  let examples: Ts[];
  try {
    examples = await store.examples<Ts>(key);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return setAside(error.message.replace(`${file}: `, ''));
  }
  for (const example of examples) {
    const tooBig = storedValueTooBig(example);
    if (tooBig) return setAside(`the counterexample is too big to replay (${tooBig})`);
    if (!inPropertyDomain(property, example))
      return setAside(
        "the counterexample is not a value the property's arbitraries can generate (edited by hand, or stored for an older arbitrary)",
      );
  }
  return examples;
}
