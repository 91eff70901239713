import { defineDocument } from '../document.js';

/** keras-team/keras issue 9214 and pull request 9965: the "Keras BatchNormalization is broken" debate on fine-tuning. */
export default defineDocument({
  id: 'keras-issue-9214',
  title: 'keras-team/keras issue 9214 and pull request 9965: frozen BatchNormalization when fine-tuning',
  authors: ['keras-team/keras contributors'],
  year: 2018,
  reference: { url: 'https://github.com/keras-team/keras/pull/9965' },
  claims: [
    {
      id: 'KF1-frozen-base-fit-vs-evaluate-gap',
      statement:
        "A frozen BatchNormalization base under a new head, trained on data whose statistics differ from the base's moving ones, shows near-perfect accuracy in fit() and much lower accuracy in evaluate() on the same data. Measured on tfjs over independently trained models: the share whose fit() accuracy is at least 0.9 while evaluate()'s is at least 0.25 below it.",
      source: { place: "issue 9214's report and PR 9965's description (training vs inference accuracy)" },
      kind: 'measurement',
      expectation: 'measured',
      property: 'properties/keras-frozen-base.prop.ts',
      note: "The data decide by the one decision rule (src/stats/sequential-decision.ts): a unit is an independently trained model, the share is judged against 1/2, looks at 12, 24 and 36 models, alpha 0.05 split over the 3 looks, undecided at the cap. A miniature of the seed's pattern: the base is one BatchNormalization (moving mean 0, variance 1, as if pretrained on standardized data), frozen the guide's way (trainable = false, called with {training: false}), a Dense sigmoid head, 32 samples of 2 features with mean 3 (two classes apart along one feature), 10 epochs of batch 8. On tfjs the moving statistics also move during fit() (KBN1, TL2), so the gap closes with enough updates.",
    },
  ],
});
