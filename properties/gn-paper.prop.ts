// Wu & He 2018 (arXiv 1803.08494), src/claims/documents/wu-he-2018.ts: batch independence, and LN / IN as
// GN's extremes, on normprop's GroupNormalization and tfjs's LayerNormalization / BatchNormalization.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend } from '../src/backend/select.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import { batchNorm, extremes, groupNorm, sampleIndependence, type DependenceWitness } from '../src/claims/properties/gn-paper.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('Wu & He 2018', () => {
  it("GN1: a sample's GroupNorm output is bit for bit the same whatever the other samples are", async () => {
    const tensors = tf.memory().numTensors;
    assertExpectedVerdict(await checkClaim('GN1-sample-independent-of-batch', 'other samples replaced', sampleIndependence(groupNorm), {
      numRuns: 100, minRuns: 100, model: 'normprop GroupNormalization (generated NHWC batches and group counts)',
    }));
    expect(tf.memory().numTensors - tensors, 'tensors left behind').toBe(0);
  });

  it("GN2: the same check on BatchNorm (training mode) finds and shrinks a counterexample", async () => {
    const seen: { last?: DependenceWitness } = {};
    const result = await checkClaim('GN2-batch-norm-depends-on-batch', 'other samples replaced', sampleIndependence(batchNorm, seen), {
      numRuns: 100, minRuns: 100, model: 'tfjs BatchNormalization, training mode (generated NHWC batches)',
      witness: () => (seen.last ? { ...seen.last } : undefined),
    });
    assertExpectedVerdict(result);
    expect(result.verdict).toBe('refuted');
    expect(result.shrinks, 'fast-check shrank the counterexample').toBeGreaterThan(0);
    // Not degenerate: the kept sample was identical, the others differed, and its output moved.
    expect(result.witness!.othersChangedBy).toBeGreaterThan(0);
    expect(result.witness!.keptOutputChangedBy).toBeGreaterThan(0);
  });

  for (const which of ['G=1 vs LayerNorm', 'G=C vs InstanceNorm'] as const) {
    it(`GN3: ${which}, within the float32 bound`, async () => {
      const room = { worst: 0 };
      assertExpectedVerdict(await checkClaim('GN3-ln-and-in-are-gn-extremes', which, extremes(which, room), {
        numRuns: 100, minRuns: 100,
        model: which === 'G=1 vs LayerNorm' ? 'normprop GroupNormalization(G=1) vs tfjs LayerNormalization(axis [1,2,3])' : 'normprop GroupNormalization(G=C) vs normprop InstanceNormalization',
        measured: () => ({ worstErrorOverTolerance: room.worst }),
      }));
    });
  }
});
