import { defineDocument } from '../document.js';

/**
 * The Keras BatchNormalization docstring's note on a frozen layer (tf.keras since TF 2.0, Keras 3).
 * Checked on tfjs 4.22, which documents itself as Keras's port: each refutation is tfjs departing from it.
 */
export default defineDocument({
  id: 'keras-batchnorm-docstring',
  title: 'Keras BatchNormalization docstring: about setting layer.trainable = False',
  authors: ['Keras team'],
  year: 2019,
  reference: {
    url: 'https://github.com/keras-team/keras/blob/master/keras/src/layers/normalization/batch_normalization.py',
  },
  claims: [
    {
      id: 'KBN1-frozen-bn-state-not-updated',
      statement:
        "A BatchNormalization with trainable = False does not run its state updates: one fit() epoch on a batch leaves its moving mean and moving variance exactly as they were. On tfjs they move (by (1 - momentum) times the batch's statistics), so fast-check must find and shrink a counterexample.",
      source: {
        quote: 'its state updates will not be run',
        place: 'docstring, "About setting layer.trainable = False"',
      },
      kind: 'testable',
      expectation: 'refuted',
      role: 'library-departure',
      property: 'properties/keras-frozen-bn.prop.ts',
      note: "tfjs-layers' BatchNormalization.call never reads `trainable`: trainable = false only keeps gamma and beta out of the optimizer. Reproduction: src/claims/repros/frozen-batch-norm.ts (trainableFalseRepro).",
    },
    {
      id: 'KBN2-frozen-bn-runs-in-inference-mode',
      statement:
        "A BatchNormalization with trainable = False runs in inference mode, also inside fit(): the loss fit() reports for a batch equals evaluate()'s on the same batch and weights. On tfjs, fit() normalizes with the batch's statistics, so fast-check must find and shrink a counterexample.",
      source: {
        quote: 'the layer will be subsequently run in inference mode',
        place: 'docstring, "About setting layer.trainable = False"',
      },
      kind: 'testable',
      expectation: 'refuted',
      role: 'library-departure',
      property: 'properties/keras-frozen-bn.prop.ts',
      note: "The witness gives fit()'s loss beside the loss computed here with the batch's statistics (equal) and with the moving ones (evaluate()'s). tfjs decides the mode only from the `training` argument fit() passes to every layer. Reproduction: src/claims/repros/frozen-batch-norm.ts (trainableFalseRepro).",
    },
  ],
});
