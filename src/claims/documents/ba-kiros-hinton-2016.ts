import { defineDocument } from '../document.js';

/** The LayerNorm paper: docs/extending.md's worked example of adding a document (one claim, one check). */
export default defineDocument({
  id: 'ba-kiros-hinton-2016',
  title: 'Layer Normalization',
  authors: ['Jimmy Lei Ba', 'Jamie Ryan Kiros', 'Geoffrey E. Hinton'],
  year: 2016,
  reference: { arxiv: '1607.06450' },
  claims: [
    {
      id: 'LN1-no-dependence-between-cases',
      statement:
        "LayerNorm computes its statistics from one training case alone, so a sample's output does not depend on the other samples in the batch (tfjs LayerNormalization, axis -1).",
      source: { place: '§3' },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/ln-paper.prop.ts',
    },
  ],
});
