// Ba, Kiros & Hinton 2016 (arXiv 1607.06450), src/claims/documents/ba-kiros-hinton-2016.ts: docs/extending.md's
// worked example of a document, reusing the batch-independence property of the GroupNorm paper.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, it } from 'vitest';
import { selectClaimBackend } from '../src/backend/claim-backend.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import { sampleIndependence } from '../src/claims/properties/gn-paper.js';

beforeAll(async () => {
  await selectClaimBackend();
});

describe('Ba, Kiros & Hinton 2016', () => {
  it("LN1 §3: a sample's LayerNorm output is bit for bit the same whatever the other samples are", async () => {
    const layerNorm = () => tf.layers.layerNormalization({ axis: -1 });
    assertExpectedVerdict(
      await checkClaim('LN1-no-dependence-between-cases', 'other samples replaced', sampleIndependence(layerNorm), {
        numRuns: 50,
        minRuns: 50,
        model: 'tfjs LayerNormalization(axis -1) (generated NHWC batches)',
      }),
    );
  });
});
