import { defineDocument } from '../document.js';

/** The GroupNorm paper. Claims in our words; places are the paper's sections and figures. */
export default defineDocument({
  id: 'wu-he-2018',
  title: 'Group Normalization',
  authors: ['Yuxin Wu', 'Kaiming He'],
  year: 2018,
  reference: { arxiv: '1803.08494' },
  claims: [
    {
      id: 'GN1-sample-independent-of-batch',
      statement:
        "GroupNorm's output for a sample does not depend on the other samples in the batch: replacing the others (with different values) leaves that sample's output bit for bit the same.",
      source: { quote: 'independent of batch sizes', place: '§3.1 (eqs. 1-3) and §1' },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/gn-paper.prop.ts',
    },
    {
      id: 'GN2-batch-norm-sample-independent',
      statement:
        "The naive reading, put to GN1's check: BatchNorm in training mode is sample-independent too, so a sample's output does not change when the other samples of the batch change. The paper's point is that it does change, so fast-check must find and shrink a counterexample.",
      source: { place: '§2 and §3.1' },
      kind: 'testable',
      expectation: 'refuted',
      role: 'naive-reading',
      property: 'properties/gn-paper.prop.ts',
    },
    {
      id: 'GN3-ln-and-in-are-gn-extremes',
      statement:
        "LayerNorm and InstanceNorm are GroupNorm's extremes: with G = 1 group, normprop's GroupNormalization equals LayerNorm over (H, W, C); with G = C groups it equals normprop's InstanceNorm layer and a per-sample, per-channel normalization over H, W computed with tf.moments.",
      source: { place: '§3.1, "Relation to Prior Work", and Figure 2' },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/gn-paper.prop.ts',
    },
    {
      id: 'GN4-bn-error-grows-as-batch-shrinks',
      statement:
        "BN's error grows as the batch shrinks, GN's does not: on the small ResNet family, predict()'s held-out error and the training-mode vs inference-mode disagreement, per batch size, for BN and GN, with the same number of optimizer steps at every batch size.",
      source: { place: '§1, Figure 1, and §4.1 (small batch sizes)' },
      kind: 'measurement',
      expectation: 'measured',
      property: 'properties/gn-paper.prop.ts',
      note: "The data decide by the one decision rule (src/stats/sequential-decision.ts) on independent units: a unit is one seed (its own images and initial weights), trained at batch sizes 1 and 24 with BN and with GN; it counts when BN's held-out error minus GN's is larger at batch 1 than at batch 24 (a tie does not count). Holds when that share of seeds is decided above 1/2, refuted when below; looks every 8 seeds up to 32, alpha 0.05 split over the 4 looks; undecided at the cap. Seeds are drawn without fast-check's small-first bias. The pooled per-cell error rates beside it describe, they do not decide (images of one model are not independent). A miniature: 24 training and 192 held-out 12x12 stripe images under noise; 36 steps; width 4, so GN has 4 groups of 1 channel.",
    },
  ],
});
