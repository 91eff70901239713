// Wu & He 2018 (arXiv 1803.08494), src/claims/documents/wu-he-2018.ts: batch independence, and LN / IN as
// GN's extremes, on normprop's GroupNormalization and tfjs's LayerNormalization / BatchNormalization.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { selectClaimBackend } from '../src/backend/claim-backend.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import fc from 'fast-check';
import {
  addCount,
  bnExcessGrows,
  tableFigures,
  type ErrorTable,
  type SeedErrors,
} from '../src/experiment/batch-size-verdict.js';
import { assertNotDiverged } from '../src/claims/diverged-run.js';
import { formatRate } from '../src/stats/clopper-pearson.js';
import { describeDecision, everyAbove, SequentialRate } from '../src/stats/sequential-decision.js';
import { trainInferenceGap } from '../src/experiment/batch-size-gap.js';
import { batchNormFactory, normLayerFactory } from '../src/norm/model-factory.js';
import groupNormSpec from '../src/norm/specs/group-norm.js';
import {
  batchNorm,
  extremes,
  groupNorm,
  sampleIndependence,
  type DependenceWitness,
} from '../src/claims/properties/gn-paper.js';

// A unit is one seed: its own images and initial weights, trained 4 times (b = 1 and 24, BN and GN), 24
// training and 192 held-out images each (inference only: more held-out images cost little, and make one
// model's error less noisy).
const BATCH_SIZES = [1, 24];
const GAP = { images: 24, size: 12, steps: 36, noise: 3, heldOut: 192 };
// Pre-registered (issue 29): the share of seeds where BN's excess error over GN grows as the batch shrinks
// from 24 to 1, against 1/2; looks every 8 seeds up to 32, alpha 0.05 split over the 4 looks.
const RULE = { threshold: 0.5, looks: [8, 16, 24, 32] } as const;

beforeAll(async () => {
  await selectClaimBackend();
});

describe('Wu & He 2018', () => {
  it("GN1: a sample's GroupNorm output is bit for bit the same whatever the other samples are", async () => {
    const tensors = tf.memory().numTensors;
    assertExpectedVerdict(
      await checkClaim('GN1-sample-independent-of-batch', 'other samples replaced', sampleIndependence(groupNorm), {
        numRuns: 100,
        minRuns: 100,
        model: 'normprop GroupNormalization (generated NHWC batches and group counts)',
      }),
    );
    expect(tf.memory().numTensors - tensors, 'tensors left behind').toBe(0);
  });

  it('GN2: the same check on BatchNorm (training mode) finds and shrinks a counterexample', async () => {
    const seen: { last?: DependenceWitness } = {};
    const result = await checkClaim(
      'GN2-batch-norm-sample-independent',
      'other samples replaced',
      sampleIndependence(batchNorm, seen),
      {
        numRuns: 100,
        minRuns: 100,
        model: 'tfjs BatchNormalization, training mode (generated NHWC batches)',
        witness: () => (seen.last ? { ...seen.last } : undefined),
      },
    );
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
      assertExpectedVerdict(
        await checkClaim('GN3-ln-and-in-are-gn-extremes', which, extremes(which, room), {
          numRuns: 100,
          minRuns: 100,
          model:
            which === 'G=1 vs LayerNorm'
              ? 'normprop GroupNormalization(G=1) vs tfjs LayerNormalization(axis [1,2,3])'
              : 'normprop GroupNormalization(G=C) vs normprop InstanceNormalization',
          measured: () => ({ worstErrorOverTolerance: room.worst }),
        }),
      );
    });
  }
});

describe('Wu & He 2018, Figure 1 in miniature', () => {
  it('GN4: held-out error of the small ResNet against batch size, BN vs GN, with equal optimizer steps, over seeds until the rule decides', async () => {
    const table: ErrorTable = {};
    const disagreements: ErrorTable = {};
    const grows = new SequentialRate(RULE);
    const norms = { 'batch-norm': batchNormFactory, 'group-norm': normLayerFactory(groupNormSpec) } as const;
    const [small, large] = [BATCH_SIZES[0], BATCH_SIZES[BATCH_SIZES.length - 1]];
    // noBias: seeds drawn uniformly, not fast-check's small-first ones.
    const property = fc.asyncProperty(fc.noBias(fc.integer({ min: 1, max: 2 ** 30 })), async (seed) => {
      // Decided, or at the cap: the remaining runs cost nothing.
      if (grows.stopped) return true;
      const errors: SeedErrors = { 'batch-norm': {}, 'group-norm': {} };
      for (const batchSize of BATCH_SIZES) {
        for (const [name, factory] of Object.entries(norms) as [keyof SeedErrors, (typeof norms)[keyof SeedErrors]][]) {
          const o = assertNotDiverged(await trainInferenceGap({ ...GAP, batchSize, seed }, factory));
          errors[name][batchSize] = o.heldOutErrors / o.heldOut;
          addCount(table, name, batchSize, o.heldOutErrors, o.heldOut);
          addCount(disagreements, name, batchSize, o.disagreements, o.images);
        }
      }
      grows.record(bnExcessGrows(errors, small, large));
      return true;
    });
    const result = await checkClaim(
      'GN4-bn-error-grows-as-batch-shrinks',
      `b=${BATCH_SIZES.join(',')}, ${GAP.steps} steps, seeds as units`,
      property,
      {
        // Runs after the decision return at once; the cap is the rule's 32 seeds.
        numRuns: 200,
        minRuns: 1,
        casesRun: () => grows.units,
        timeLimitMs: 240_000,
        model: `small ResNet (stages [1], width 4, ${GAP.size}x${GAP.size}x1, 2 classes), BN momentum 0.9 vs GroupNorm`,
        rate: () => grows.summary().rate,
        measured: () => ({
          seedsWhereBnExcessGrows: formatRate(grows.summary().rate),
          decision: describeDecision(grows.summary()),
          rule: `threshold ${RULE.threshold}, looks at ${RULE.looks.join('/')} seeds, alpha 0.05 over ${RULE.looks.length} looks`,
          ...tableFigures(table),
          ...Object.fromEntries(
            Object.entries(tableFigures(disagreements)).map(([k, v]) => [
              k.replace('heldOutError', 'trainVsInferenceDisagreement'),
              v,
            ]),
          ),
          trainImages: GAP.images,
          heldOutImages: GAP.heldOut,
          noise: GAP.noise,
        }),
        decide: () => everyAbove([grows.decision]),
      },
    );
    assertExpectedVerdict(result);
    expect(grows.units, 'no seed was trained').toBeGreaterThan(0);
  });
});
