import { setting } from '../settings.js';

/**
 * fast-check runs with a seed that is printed before the run, so any result can be replayed:
 * NORMPROP_SEED=<seed> npm test. A failure's message also carries fast-check's seed and path.
 */
export function propertySeed(): number {
  const fromEnv = setting('NORMPROP_SEED');
  if (fromEnv !== undefined) {
    const seed = Number(fromEnv);
    if (!Number.isInteger(seed)) throw new Error(`NORMPROP_SEED must be an integer, got "${fromEnv}"`);
    return seed;
  }
  return (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
}
