// The generic normalization-layer laws, on every spec in src/norm/specs/ (and NORMPROP_NORM_SPECS
// folders). Each spec is a ledger row (L-<id>); each law is one check of it.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectClaimBackend } from '../src/backend/claim-backend.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import { normLaws } from '../src/claims/properties/norm-laws.js';
import { loadNormSpecs } from '../src/norm/registry.js';

const specs = await loadNormSpecs();

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
