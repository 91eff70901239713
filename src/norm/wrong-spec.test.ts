import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select.js';
import { normLaws } from '../claims/properties/norm-laws.js';
import { runProperty } from '../property-engine/run.js';
import { propertySeed } from '../property-engine/seed.js';
import { wrongAxisGroupNorm } from '../testing/wrong-group-norm.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

// A spec whose layer normalizes over the wrong axis must be caught, with a small counterexample a person can read.
describe('a GroupNorm that also pools over the batch axis', () => {
  const law = (prefix: string) => normLaws(wrongAxisGroupNorm).find((l) => l.name.startsWith(prefix))!;

  it('fails the invariance law: fast-check finds and shrinks a counterexample', async () => {
    const seed = propertySeed();
    const { details } = await runProperty(law('training mode: output unchanged').property, {
      key: 'wrong GroupNorm invariance',
      label: 'wrong GroupNorm invariance',
      params: { numRuns: 200, seed },
    });
    expect(details.failed, `seed ${seed}`).toBe(true);
    expect(details.numShrinks).toBeGreaterThan(0);
    const [c] = details.counterexample as [{ shape: number[] }];
    // Pooling over the batch only shows with two or more samples.
    expect(c.shape[0]).toBeGreaterThanOrEqual(2);
    const message = String((details.errorInstance as Error).message);
    expect(message).toMatch(
      /^group-norm \(training mode\): output\[\d+\] changed from \S+ to \S+ when its statistics group \d+ was scaled by \S+ and shifted by \S+$/,
    );
    console.log(
      `[normprop] wrong GroupNorm caught after ${details.numShrinks} shrinks: ${JSON.stringify(details.counterexample)}\n  ${message}`,
    );
  });

  it('fails the declared-normalization law too', async () => {
    const { details } = await runProperty(law('training mode normalizes').property, {
      key: 'wrong GroupNorm normalizes',
      label: 'wrong GroupNorm normalizes',
      params: { numRuns: 200, seed: propertySeed() },
    });
    expect(details.failed).toBe(true);
    const message = String((details.errorInstance as Error).message);
    expect(message).toMatch(/the declared normalization \(axes \[.*\], \d+ channel\(s\) a group, epsilon=\S+\)/);
    // Wrong axes, not a dropped epsilon: the epsilon hint must not blame epsilon.
    expect(message).not.toContain('ignore the epsilon');
  });
});
