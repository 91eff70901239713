import { defineDocument } from '../document.js';

/**
 * The PyTorch BatchNorm2d documentation, read as a translation to tfjs's BatchNormalization: what maps
 * exactly (PT1, PT4) and each documented difference as its own row (PT2, PT3, PT5). PyTorch's rule is
 * computed in TypeScript (src/claims/properties/pytorch-rule.ts); PyTorch itself is not run by npm test.
 */
export default defineDocument({
  id: 'pytorch-batchnorm2d',
  title: 'torch.nn.BatchNorm2d (PyTorch documentation), as a translation to tfjs',
  authors: ['PyTorch contributors'],
  year: 2017,
  reference: { url: 'https://pytorch.org/docs/stable/generated/torch.nn.BatchNorm2d.html' },
  claims: [
    {
      id: 'PT1-momentum-translates-as-one-minus',
      statement:
        "PyTorch's running statistics follow x_new = (1 - momentum) x + momentum x_t; with momentum_torch = 1 - momentum_keras that rule gives tfjs's moving mean and moving variance after each of 1-4 training batches, once x_t for the variance is the biased batch variance (PT2).",
      source: { quote: 'different from one used in optimizer classes', place: 'the note on momentum' },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/pytorch-translation.prop.ts',
      note: 'Within a float32 bound for k updates of statistics of m values, computed per case. PyTorch 0.1 is Keras/tfjs 0.9; PyTorch 0.01 is 0.99.',
    },
    {
      id: 'PT2-running-variance-is-unbiased',
      statement:
        "PyTorch updates the running variance with the unbiased batch variance (N - 1); put to tfjs with the momentum translated, its moving variance would equal PyTorch's running variance. tfjs uses the biased one, so fast-check must find and shrink a counterexample.",
      source: { quote: 'calculated via the unbiased estimator', place: 'the note on the running variance' },
      kind: 'testable',
      expectation: 'refuted',
      role: 'library-departure',
      property: 'properties/pytorch-translation.prop.ts',
      note: 'A difference between the libraries, not a tfjs bug: Keras 3 stores the biased variance too (see BN4 for which Keras stored which). A model moved between them has its moving variance off by m/(m-1) per batch.',
    },
    {
      id: 'PT3-momentum-none-is-cumulative-average',
      statement:
        "PyTorch's momentum=None keeps the cumulative average of the batch statistics; tfjs has no such setting, and at a fixed momentum its moving mean after 1-4 batches is not that average, so fast-check must find and shrink a counterexample.",
      source: { quote: 'None for cumulative moving average', place: 'parameters, momentum' },
      kind: 'testable',
      expectation: 'refuted',
      role: 'library-departure',
      property: 'properties/pytorch-translation.prop.ts',
      note: 'The k-th batch would need momentum_keras = 1 - 1/k, which changes every step; a tfjs layer has one momentum.',
    },
    {
      id: 'PT4-no-running-stats-uses-batch-statistics',
      statement:
        "track_running_stats=False normalizes with the batch's statistics in evaluation too; tfjs's counterpart is a training-mode call, whose output equals (x - batch mean) / sqrt(biased batch variance + epsilon).",
      source: {
        quote: 'uses batch statistics in both training and eval modes',
        place: 'parameters, track_running_stats',
      },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/pytorch-translation.prop.ts',
      note: 'A training-mode call in tfjs also moves the moving statistics, which a PyTorch layer without running statistics does not have.',
    },
    {
      id: 'PT5-one-value-per-channel-is-an-error',
      statement:
        'In training mode, a batch with one value per channel (one sample of 1x1) is an error: PyTorch raises. tfjs returns exactly beta for it, silently (the normalized value is 0), so fast-check must find and shrink a counterexample.',
      source: {
        quote: 'Expected more than 1 value per channel when training',
        place: 'torch.nn.functional.batch_norm, the check BatchNorm2d.forward runs',
      },
      kind: 'testable',
      expectation: 'refuted',
      role: 'library-departure',
      property: 'properties/pytorch-translation.prop.ts',
      note: 'Keras 3 does not raise either. PyTorch raises only when N x H x W is 1: a batch of one image larger than 1x1 trains there.',
    },
  ],
});
