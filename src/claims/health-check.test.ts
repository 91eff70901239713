// A property whose generator mostly discards is not testing its claim: checkClaim fails it with a
// health-check message (as Hypothesis does); the ledger gets an `error` for that check, never a verdict.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertGeneratorHealthy, checkClaim, GeneratorHealthError } from './check-claim.js';
import { readCheckResults } from './ledger-store.js';

describe('generator health check', () => {
  it('a property that discards most cases fails with the health-check message, and the ledger records an error, not a verdict', async () => {
    const ledgerDir = await mkdtemp(path.join(os.tmpdir(), 'normprop-health-'));
    const mostlyDiscarded = fc.property(fc.nat(99), (x) => {
      fc.pre(x < 10);
    });
    const check = checkClaim('C11-accuracy-is-correct-over-total', 'health', mostlyDiscarded, {
      numRuns: 50,
      minRuns: 10,
      ledgerDir,
      failures: false,
      seed: 1,
      discards: 'x was 10 or more',
    });
    await expect(check).rejects.toThrow(GeneratorHealthError);
    await expect(check).rejects.toThrow(
      /^Health check failed for C11-accuracy-is-correct-over-total \/ health: the generator's cases were discarded \d+ times for 50 runs? \(\d+% of \d+ tried, more than the 50% allowed; p = [^)]+\) because x was 10 or more/,
    );
    // No verdict on the claim: the ledger gets the harness's error, with the message, never a pass.
    const stored = await readCheckResults(ledgerDir);
    expect(stored.map((r) => r.verdict)).toEqual(['error']);
    expect(stored[0]!.failure).toMatch(/^Health check failed for C11-accuracy-is-correct-over-total \/ health/);
  });

  it('a few discards (under the stated share) still give a verdict, which names the backend', async () => {
    const ledgerDir = await mkdtemp(path.join(os.tmpdir(), 'normprop-health-'));
    const rarelyDiscarded = fc.property(fc.nat(99), (x) => {
      fc.pre(x !== 7);
    });
    const result = await checkClaim('C11-accuracy-is-correct-over-total', 'health', rarelyDiscarded, {
      numRuns: 50,
      minRuns: 10,
      ledgerDir,
      failures: false,
      seed: 1,
      model: 'none',
    });
    expect(result.verdict).toBe('holds');
    expect(result.model).toBe('none');
    expect(typeof result.backend).toBe('string');
  });

  it('blames the generator only when the discards are beyond chance at the allowed share, not for a few tries over it', () => {
    // 1 discard in 4 tries (25% against 20% allowed) is what a 20%-discarding generator gives 59% of the time.
    expect(() => assertGeneratorHealthy('small sample', 3, 1, 0.2)).not.toThrow();
    // 4 of 6 against 50%: P = 0.34.
    expect(() => assertGeneratorHealthy('small sample', 2, 4, 0.5)).not.toThrow();
    // 12 of 20 against 20%: P = 1.0e-4.
    expect(() => assertGeneratorHealthy('mostly discards', 8, 12, 0.2)).toThrow(GeneratorHealthError);
    // Under the share never fails, whatever the count.
    expect(() => assertGeneratorHealthy('under the share', 900, 100, 0.2)).not.toThrow();
  });
});
