// The generic normalization-layer laws, on every spec in src/norm/specs/ (and NORMPROP_NORM_SPECS
// folders). Each spec is a ledger row (L-<id>); each law is one check of it.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectClaimBackend } from '../src/backend/claim-backend.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import { normLaws } from '../src/claims/properties/norm-laws.js';
import path from 'node:path';
import { storeCheckResult } from '../src/claims/ledger-store.js';
import type { ClaimCheckResult } from '../src/claims/result.js';
import { listNormSpecFiles, loadNormSpecFile } from '../src/norm/registry.js';
import { NORM_SPECS_DIR } from '../src/settings.js';
import { probeNormSpec, SPEC_PROBE_LIMIT_MS } from '../src/testing/norm-spec-probe.js';

// A user's spec (a NORMPROP_NORM_SPECS folder) runs once in a child process under a time limit first:
// a build() that loops forever cannot be stopped in this process. Shipped specs are normprop's own.
const entries = listNormSpecFiles();
const refused = new Map<string, string>();
for (const entry of entries.filter((e) => path.dirname(e.file) !== NORM_SPECS_DIR)) {
  const why = probeNormSpec(entry.file);
  if (why) refused.set(entry.id, why);
}
const specs = await Promise.all(entries.filter((e) => !refused.has(e.id)).map((e) => loadNormSpecFile(e)));

describe.each([...refused])('%s', (id, why) => {
  it(`the spec loads, builds and applies its layer within ${SPEC_PROBE_LIMIT_MS / 1000} s`, async () => {
    // The spec failed, not a law: an error naming its file, never a regressed layer.
    const row: ClaimCheckResult = {
      claimId: `L-${id}`,
      check: 'the spec runs at all',
      verdict: 'error',
      runs: 0,
      minRuns: 1,
      seed: 0,
      replay: `NORMPROP_NORM_SPECS=${path.dirname(entries.find((e) => e.id === id)!.file)} npx vitest run properties/norm-layers.prop.ts -t '^${id} '`,
      seconds: 0,
      failure: why,
    };
    await storeCheckResult(row);
    assertExpectedVerdict(row);
  });
});

beforeAll(async () => {
  await selectClaimBackend();
});

describe.each(specs.map((spec) => [spec.id, spec] as const))('%s', (_id, spec) => {
  for (const law of normLaws(spec)) {
    it(law.name, async () => {
      const tensors = tf.memory().numTensors;
      assertExpectedVerdict(
        await checkClaim(`L-${spec.id}`, law.name, law.property, { numRuns: law.numRuns, minRuns: law.numRuns }),
      );
      // Every case releases what it made: layers, models, gradients, loaded copies.
      expect(tf.memory().numTensors - tensors, 'tensors left behind').toBe(0);
    });
  }
});
