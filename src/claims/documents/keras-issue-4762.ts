import { defineDocument } from '../document.js';

/** keras-team/keras issue 4762: François Chollet's answer on a BatchNormalization called with training=False. */
export default defineDocument({
  id: 'keras-issue-4762',
  title: 'keras-team/keras issue 4762: BatchNormalization called with training=False',
  authors: ['François Chollet'],
  year: 2017,
  reference: { url: 'https://github.com/keras-team/keras/issues/4762' },
  claims: [
    {
      id: 'KI1-training-false-at-build-always-inference',
      statement:
        "A BatchNormalization called as BatchNormalization()(x, training=False) when the model is built runs in inference mode even in fit(): its moving statistics stay as they were and fit() reports evaluate()'s loss. On tfjs (`bn.apply(x, {training: false})`) the statistics move and fit() uses batch statistics.",
      source: {
        quote: 'will always run in inference mode, even when training the model',
        place: "a maintainer's comment in the thread",
      },
      kind: 'testable',
      expectation: 'refuted',
      role: 'library-departure',
      property: 'properties/keras-frozen-bn.prop.ts',
      note: "tfjs keeps the call's arguments on the graph node but its executor overrides `training` with fit()'s. Reproduction: src/claims/repros/frozen-batch-norm.ts (layerCalledTrainingFalseRepro).",
    },
  ],
});
