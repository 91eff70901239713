import { defineDocument } from '../document.js';

/** Wu & Johnson 2021, and PreciseBN as fvcore implements it: the remedy side of the seed's C15. */
export default defineDocument({
  id: 'wu-johnson-2021',
  title: 'Rethinking "Batch" in BatchNorm',
  authors: ['Yuxin Wu', 'Justin Johnson'],
  year: 2021,
  reference: { arxiv: '2105.07576' },
  claims: [
    {
      id: 'RB1-precise-bn-fixes-predict',
      statement:
        "The moving averages do not describe the final weights' statistics; recomputing each BatchNorm's population statistics with the final weights (PreciseBN) makes predict() correct. Measured on fitted small-family runs in the seed's regime where tfjs BatchNorm's predict() was wrong: the share that PreciseBN over the training images makes classify every image right.",
      source: { place: '§3 (population statistics; PreciseBN) and fvcore precise_bn.py' },
      kind: 'measurement',
      expectation: 'measured',
      property: 'properties/precise-bn.prop.ts',
      note: "The interval decides: holds when the 95% Clopper-Pearson interval of the share lies above 1/2, refuted when below, measured while it straddles. PreciseBN as fvcore: the training images in training mode, in the run's batches, each layer's statistics averaged over batches (src/experiment/precise-bn.ts). In the seed's regime (one full batch per epoch) the recomputed statistics are those of fit()'s last forward pass with the final weights, so predict() becomes the training-mode output: this checks that the lag is all that was wrong (C15's remaining cause). On the seed case (ResNet50, npm run test:resnet50) one run: predict() [0, 0, 0] before, [0, 1, 2] after.",
    },
  ],
});
