// The laws draw epsilon; a spec whose layer ignores it must fail with a message that says so, and a
// correct spec must still pass. Results go to a temporary ledger, not the suite's.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../../backend/select.js';
import { referenceNormalize } from '../../norm/reference.js';
import batchNorm from '../../norm/specs/batch-norm.js';
import { epsilonIgnoringBatchNorm } from '../../testing/broken-batch-norm.js';
import { assertExpectedVerdict, checkClaim } from '../check-claim.js';
import { ClaimViolation } from '../../harness-error.js';
import { epsilonTheOutputMatches, epsilonText, USUAL_EPSILONS, withEpsilonHint } from './epsilon-hint.js';
import { normLaws } from './norm-laws.js';

const shape = [4, 2];
const layout = { reducedAxes: [0], channelsPerGroup: 1, centered: true };
const values = Float32Array.from([0.1, -0.2, 0.3, 0.05, -0.4, 0.25, 0.2, -0.1]);
const affine = { gamma: [1.5, 0.8], beta: [0.1, -0.2] };
const outputAt = (epsilon: number) => [
  { values, output: referenceNormalize(values, shape, layout, epsilon, affine.gamma, affine.beta) },
];

describe('which epsilon a layer output matches', () => {
  it('names 1e-3 for an output made with 1e-3 when 0.1 was given', () => {
    expect(epsilonTheOutputMatches(outputAt(1e-3), shape, layout, affine, 0.1, USUAL_EPSILONS)).toBe(1e-3);
  });

  it('names nothing when the output is the given epsilon’s', () => {
    expect(epsilonTheOutputMatches(outputAt(0.1), shape, layout, affine, 0.1, USUAL_EPSILONS)).toBeUndefined();
  });

  it('names nothing for an output wrong in another way', () => {
    const wrong = outputAt(1e-3).map((o) => ({ ...o, output: o.output.map((v) => v * 1.1) }));
    expect(epsilonTheOutputMatches(wrong, shape, layout, affine, 0.1, USUAL_EPSILONS)).toBeUndefined();
  });

  it('names nothing when the given epsilon and the candidate cannot be told apart on these values', () => {
    // Raw-pixel-sized values: a variance of thousands hides the difference between 1e-3 and 1e-5.
    const big = Float32Array.from(values, (v) => v * 1000);
    const output = referenceNormalize(big, shape, layout, 1e-3, affine.gamma, affine.beta);
    expect(
      epsilonTheOutputMatches([{ values: big, output }], shape, layout, affine, 1e-5, USUAL_EPSILONS),
    ).toBeUndefined();
  });

  it('names nothing for a reference that is not a number (a one-element group at epsilon 0)', () => {
    const single = { reducedAxes: [], channelsPerGroup: 1, centered: true };
    // Wrong (the reference is beta), so only a NaN reference at epsilon 0 could seem to match.
    const output = Float32Array.from(values, (_, i) => affine.beta[i % 2] + 0.5);
    expect(epsilonTheOutputMatches([{ values, output }], shape, single, affine, 1e-3, [0])).toBeUndefined();
  });

  it('writes epsilons as specs do', () => {
    expect([1e-3, 1.001e-5, 0.1, 0].map(epsilonText)).toEqual(['1e-3', '1.001e-5', '0.1', '0']);
  });
});

describe('the laws on a spec whose build() ignores epsilon', () => {
  let ledgerDir: string;
  beforeAll(async () => {
    await selectBackend('wasm');
    ledgerDir = await mkdtemp(path.join(os.tmpdir(), 'normprop-epsilon-'));
  });
  const law = (spec: typeof batchNorm) => normLaws(spec).find((l) => l.name.startsWith('training mode normalizes'))!;
  const check = (name: string, property: ReturnType<typeof law>['property']) =>
    checkClaim('L-batch-norm', name, property, { numRuns: 60, minRuns: 60, ledgerDir, failures: false });

  it('the declared-normalization law fails, shows the drawn epsilon and says the layer ignores it', async () => {
    const result = await check('broken: ignores epsilon', law(epsilonIgnoringBatchNorm).property);
    expect(result.verdict).toBe('regressed');
    // The counterexample's second value is the epsilon the layer was built with; 1e-3 is what it uses anyway.
    const [, epsilon] = JSON.parse(result.counterexample!) as [unknown, number];
    expect([1.001e-5, 0.1]).toContain(epsilon);
    expect(result.failure).toContain(
      'the layer seems to ignore the epsilon it was given (its output matches epsilon=1e-3)',
    );
    expect(() => assertExpectedVerdict(result)).toThrow(/its output matches epsilon=1e-3/);
  });

  it('the invariance law (built with epsilon 1e-9) fails with the same hint', async () => {
    const invariance = normLaws(epsilonIgnoringBatchNorm).find((l) => l.name.startsWith('training mode: output'))!;
    const result = await check('broken: ignores epsilon (invariance)', invariance.property);
    expect(result.verdict).toBe('regressed');
    expect(result.failure).toMatch(
      /changed from .*; the layer seems to ignore the epsilon it was given \(its output matches epsilon=1e-3\)/,
    );
  });

  it("a re-run that throws leaves the law's own violation (a violation, not a crash)", async () => {
    const throwing = {
      ...batchNorm,
      build: () => {
        throw new Error('cannot build twice');
      },
    };
    const c = { shape, params: {}, valuesSeed: 1, scale: 1, shift: 0, affineSeed: 2 };
    const failing = withEpsilonHint(throwing, c, 0.1, [values], async () => {
      throw new ClaimViolation('the law says no');
    });
    await expect(failing).rejects.toThrow(ClaimViolation);
    await expect(failing).rejects.toThrow(/^the law says no$/);
  });

  it('the real spec passes the same law with the same epsilons', async () => {
    const result = await check('real layer', law(batchNorm).property);
    expect(result.verdict).toBe('holds');
  });
});
