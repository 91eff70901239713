// A verdict must mean what it says: a harness failure is 'error', never 'regressed'; a known bug is
// 'known bug' while it shows and 'fixed upstream' once it does not. Results go to a temporary ledger.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select.js';
import layerNormHwc from '../norm/specs/layer-norm-hwc.js';
import { assertExpectedVerdict, checkClaim } from './check-claim.js';
import { normLaws } from './properties/norm-laws.js';
import { ClaimViolation, HarnessError } from '../harness-error.js';

let ledgerDir: string;
beforeAll(async () => {
  // Inside the run's own temporary folder (TMPDIR), removed when the run ends.
  ledgerDir = await mkdtemp(path.join(os.tmpdir(), 'normprop-verdicts-'));
});
const options = () => ({ numRuns: 20, minRuns: 20, ledgerDir, failures: false as const });

describe('verdicts', () => {
  it('an exception outside the assertion (a TypeError, a HarnessError) is an error, with its message; a violated assertion is a regression', async () => {
    const typeError = await checkClaim(
      'C01-bn-batch-vs-moving',
      'harness: type error',
      fc.property(fc.integer(), (n) => void (n > 5 && (undefined as unknown as { x: number }).x)),
      options(),
    );
    expect(typeError.verdict).toBe('error');
    expect(typeError.failure).toMatch(/Cannot read properties of undefined/);
    expect(() => assertExpectedVerdict(typeError)).toThrow(/ERROR: expected it to hold[\s\S]*the harness failed/);
    const unsupported = await checkClaim(
      'C01-bn-batch-vs-moving',
      'harness: unsupported',
      fc.property(fc.integer(), () => {
        throw new HarnessError('unsupported shape');
      }),
      options(),
    );
    expect([unsupported.verdict, unsupported.failure]).toEqual(['error', 'unsupported shape']);
    // Only the claim's own predicate regresses a claim: returning false, a ClaimViolation, an assertion.
    const violations = {
      'returns false': fc.property(fc.integer(), (n) => n <= 5),
      'throws ClaimViolation': fc.property(fc.integer(), (n) => {
        if (n > 5) throw new ClaimViolation(`law broken at ${n}`);
      }),
      'expect fails': fc.property(fc.integer(), (n) => {
        expect(n).toBeLessThanOrEqual(5);
      }),
    };
    for (const [name, property] of Object.entries(violations))
      expect([name, (await checkClaim('C01-bn-batch-vs-moving', name, property, options())).verdict]).toEqual([
        name,
        'regressed',
      ]);
    const plainError = await checkClaim(
      'C01-bn-batch-vs-moving',
      'plain Error',
      fc.property(fc.integer(), (n) => {
        if (n > 5) throw new Error(`tfjs util.assert at ${n}`);
      }),
      options(),
    );
    expect([plainError.verdict, plainError.failure]).toEqual(['error', expect.stringMatching(/tfjs util.assert/)]);
  });

  it('a claim expected to be refuted whose property crashes (Error, WebAssembly RuntimeError, TypeError) is an error that fails the suite, never refuted', async () => {
    const crashes: Record<string, () => Error> = {
      Error: () => new Error('Error in concat: rank of tensors must be the same'),
      RuntimeError: () => new WebAssembly.RuntimeError('Aborted(OOM)'),
      TypeError: () => new TypeError("Cannot read properties of undefined (reading 'shape')"),
      RangeError: () => new RangeError('bad shape'),
    };
    for (const id of [
      'C06-fit-accuracy-means-predict-correct',
      'GN2-batch-norm-sample-independent',
      'BN4-inference-variance-is-unbiased',
    ] as const)
      for (const [name, make] of Object.entries(crashes)) {
        const result = await checkClaim(
          id,
          `crash: ${name}`,
          fc.property(fc.integer(), () => {
            throw make();
          }),
          options(),
        );
        expect([id, name, result.verdict]).toEqual([id, name, 'error']);
        expect(() => assertExpectedVerdict(result)).toThrow(/ERROR: expected it to be refuted/);
      }
  });

  it('a crash met while shrinking a violation makes the check an error, naming the crash, and shows no witness', async () => {
    let witnessed = false;
    // The first case violates the claim; shrinking it reaches cases that crash (250..499).
    const result = await checkClaim(
      'C06-fit-accuracy-means-predict-correct',
      'crash while shrinking',
      fc.property(fc.integer({ min: 0, max: 1000 }), (n) => {
        if (n >= 250 && n < 500) throw new WebAssembly.RuntimeError('Aborted(OOM)');
        if (n >= 500) throw new ClaimViolation(`violated at ${n}`);
      }),
      { ...options(), examples: [[1000]], witness: () => ((witnessed = true), { n: 1 }) },
    );
    expect(result.verdict).toBe('error');
    expect(result.failure).toMatch(/Aborted\(OOM\)/);
    expect(result.witness).toBeUndefined();
    expect(witnessed).toBe(false);
  });

  it('a layer whose gamma/beta the spec does not describe (LayerNorm over [H, W, C] declared per channel) is an error naming the shape, not a regressed layer', async () => {
    await selectBackend('wasm');
    const { affineAxes: _declared, ...perChannel } = layerNormHwc;
    const [law] = normLaws(perChannel);
    const result = await checkClaim('L-layer-norm-hwc', 'undeclared affine axes', law.property, {
      ...options(),
      numRuns: 5,
      minRuns: 5,
    });
    expect(result.verdict).toBe('error');
    expect(result.failure).toMatch(/unsupported: the layer's gamma has shape \[\d+,\d+,\d+\]/);
    // Declared, the same law holds.
    expect(
      (
        await checkClaim('L-layer-norm-hwc', 'declared affine axes', normLaws(layerNormHwc)[0].property, {
          ...options(),
          numRuns: 5,
          minRuns: 5,
        })
      ).verdict,
    ).toBe('holds');
  });

  it("a known bug: 'known bug' while its symptom shows, 'fixed upstream' (failing) once the property passes, 'regressed' for another failure", async () => {
    const id = 'K-tfjs-fused-batchnorm-rank2-gradient';
    const shows = await checkClaim(
      id,
      'shows',
      fc.property(fc.integer(), () => {
        throw new Error('Error in transpose: rank of input 4 must match length of reps 1,1.');
      }),
      options(),
    );
    expect(shows.verdict).toBe('known bug');
    expect(() => assertExpectedVerdict(shows)).not.toThrow();
    const fixed = await checkClaim(
      id,
      'fixed',
      fc.property(fc.integer(), () => true),
      options(),
    );
    expect(fixed.verdict).toBe('fixed upstream');
    expect(() => assertExpectedVerdict(fixed)).toThrow(
      /FIXED UPSTREAM[\s\S]*remove K-tfjs-fused-batchnorm-rank2-gradient from the known bugs/,
    );
    const other = await checkClaim(
      id,
      'other',
      fc.property(fc.integer(), () => {
        throw new ClaimViolation('something else');
      }),
      options(),
    );
    expect(other.verdict).toBe('regressed');
    // Another exception is a crash: an error, not a regression of the known bug.
    const crash = await checkClaim(
      id,
      'crash',
      fc.property(fc.integer(), () => {
        throw new Error('something else');
      }),
      options(),
    );
    expect(crash.verdict).toBe('error');
  });

  it("tfjs's wasm MaxPoolGrad: 'known bug' only for a difference the all-negative windows explain", async () => {
    const id = 'K-tfjs-wasm-maxpool-gradient';
    const failingWith = (message: string) =>
      fc.property(fc.integer(), () => {
        throw new ClaimViolation(message);
      });
    const explained = await checkClaim(
      id,
      'explained',
      failingWith(
        "tfjs's wasm dx [1,0] is cpu's [1,1] with the gradient of the 1 window(s) whose values are all negative sent to x[0] (lost unless the window holds x[0]) instead of the window's max",
      ),
      options(),
    );
    expect(explained.verdict).toBe('known bug');
    const unexplained = await checkClaim(
      id,
      'unexplained',
      failingWith("tfjs's wasm dx [0,1] differs from cpu's [1,0], not only by all-negative windows"),
      options(),
    );
    expect(unexplained.verdict).toBe('regressed');
  });
});
