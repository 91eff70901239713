import { defineDocument } from '../document.js';

/** The BatchNorm paper. Claims in our words; places are the paper's sections and algorithms. */
export default defineDocument({
  id: 'ioffe-szegedy-2015',
  title: 'Batch Normalization: Accelerating Deep Network Training by Reducing Internal Covariate Shift',
  authors: ['Sergey Ioffe', 'Christian Szegedy'],
  year: 2015,
  reference: { arxiv: '1502.03167' },
  claims: [
    {
      id: 'BN1-weight-scale-invariance',
      statement:
        'In training mode, BN after a linear map is invariant to scaling the weights by a > 0: BN((aW)u) = BN(Wu), the gradient with respect to u is unchanged, and the gradient with respect to aW is 1/a times that with respect to W. Checked on tfjs dense and conv2d layers followed by tfjs BatchNormalization.',
      source: { quote: 'back-propagation through a layer is unaffected by the scale of its parameters', place: '§3.3' },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/bn-paper.prop.ts',
      note: 'The paper ignores epsilon; tfjs adds it to the variance, so the tolerance has an epsilon term (epsilon / (2 min batch variance)) besides the float32 rounding term, both computed per case.',
    },
    {
      id: 'BN2-bias-before-bn-is-cancelled',
      statement:
        'A bias added before BN has no effect in training mode: the mean subtraction cancels it, so the output is the same with and without it and the gradient with respect to the bias is zero.',
      source: { place: '§3.2' },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/bn-paper.prop.ts',
    },
    {
      id: 'BN3-inference-bn-folds-into-conv',
      statement:
        "At inference BN is a fixed per-channel affine map of its input, so it can be folded into the preceding convolution's kernel and bias; the folded convolution's outputs equal conv followed by tfjs BatchNormalization in inference mode, within a float32 tolerance.",
      source: { place: '§3.1 and Algorithm 2' },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/bn-paper.prop.ts',
    },
    {
      id: 'BN4-inference-variance-is-unbiased',
      statement:
        "tfjs's BatchNormalization stores the paper's inference variance, the unbiased estimate m/(m-1) E[sigma_B^2] over training mini-batches of size m: the moving variance it holds after training on a batch is that unbiased estimate.",
      source: { quote: 'unbiased variance estimate', place: '§3.1 and Algorithm 2, step 10' },
      kind: 'testable',
      expectation: 'refuted',
      role: 'library-departure',
      property: 'properties/bn-paper.prop.ts',
      note: 'Verdict per implementation: tfjs-layers updates the moving variance with the biased batch variance (divides by m): refuted, with a shrunk counterexample whose witness gives m, the biased and unbiased batch variances and the stored one. Which library stores which, by version and path (none of them run here): standalone Keras 2.1.3+ on TensorFlow multiplied the batch variance by N/(N - 1 - epsilon) before the update (keras-team/keras PR 9028); tf.keras 2.x stored the unbiased one on its fused path (rank-4/5 inputs, fused_batch_norm) and the biased one on the non-fused path (rank 2, or fused=False; tensorflow/tensorflow issue 55545); Keras 3 stores the biased one (ops.moments), as tfjs does; PyTorch the unbiased one (PT2). So the same model moved between these keeps a different moving variance, by a factor up to N/(N-1) per batch.',
    },
  ],
});
