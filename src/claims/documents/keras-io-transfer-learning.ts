import { defineDocument } from '../document.js';

/** The Keras transfer-learning guide (keras-io guides/transfer_learning.py), its BatchNormalization paragraphs. */
export default defineDocument({
  id: 'keras-io-transfer-learning',
  title: 'Transfer learning & fine-tuning (Keras guide)',
  authors: ['François Chollet'],
  year: 2020,
  reference: { url: 'https://keras.io/guides/transfer_learning/' },
  claims: [
    {
      id: 'TL1-frozen-bn-inference-and-no-update',
      statement:
        "With bn_layer.trainable = False, the BatchNormalization layer runs in inference mode and does not update its mean and variance: fit() leaves the moving statistics as they were and reports evaluate()'s loss. On tfjs both fail (the docstring's KBN1 and KBN2, by the guide's words).",
      source: {
        quote: 'will not update its mean & variance statistics',
        place: 'section "Important notes about BatchNormalization layer"',
      },
      kind: 'testable',
      expectation: 'refuted',
      role: 'library-departure',
      property: 'properties/keras-frozen-bn.prop.ts',
      note: 'Reproduction: src/claims/repros/frozen-batch-norm.ts (trainableFalseRepro).',
    },
    {
      id: 'TL2-base-called-training-false-stays-inference',
      statement:
        "A frozen base model called as base_model(x, training=False) under a new head stays in inference mode while the head trains: fit() leaves the base's BatchNormalization statistics as they were and reports evaluate()'s loss. On tfjs the statistics move and fit() uses batch statistics.",
      source: {
        quote: 'the base_model is running in inference mode here',
        place: 'section "The typical transfer-learning workflow" (the end-to-end example)',
      },
      kind: 'testable',
      expectation: 'refuted',
      role: 'library-departure',
      property: 'properties/keras-frozen-bn.prop.ts',
      note: "tfjs-layers' executor calls every layer with fit()'s own `training` flag, not the arguments given when the model was built. Reproduction: src/claims/repros/frozen-batch-norm.ts (baseCalledTrainingFalseRepro).",
    },
  ],
});
