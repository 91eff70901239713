import { defineDocument } from '../document.js';

/**
 * The seed document (Stack Overflow question 47157526): a question on a ResNet that overfits
 * three images yet predicts them wrong, the accepted answer, and asides on accuracy. Claims in the order
 * the document makes them. Places: "question" is the asker's text, "aside" the interleaved paragraphs on
 * accuracy, "answer" the accepted answer (paragraphs counted from its first line).
 */
export default defineDocument({
  id: 'seed-resnet-batchnorm',
  title: 'ResNet: 100% accuracy during training, but 33% prediction accuracy with the same data',
  authors: ['the asker', 'the answerer'],
  // Not stated in the text: inferred from the Keras versions the thread's behaviour belongs to (2.1.3-2.2.x, DESIGN.md).
  year: 2018,
  reference: { url: 'https://stackoverflow.com/questions/47157526' },
  claims: [
    {
      id: 'C01-bn-batch-vs-moving',
      statement:
        'BatchNormalization normalizes with the batch mean and variance in training mode, and with its moving averages in inference mode.',
      source: {
        quote:
          'In training phase, the batch is normalized w.r.t. its mean and variance. However, in testing phase, the batch is normalized w.r.t. the moving average',
        place: 'answer, paragraph 2',
      },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/bn-layer.prop.ts',
    },
    {
      id: 'C02-bn-defaults',
      statement:
        'A new BatchNormalization layer starts with moving mean 0 and moving variance 1, and its momentum is 0.99 by default.',
      source: {
        quote:
          'by default moving_mean is initialized to be 0 and moving_variance is initialized to be 1. Given also that the default momentum is 0.99',
        place: 'answer, paragraphs 3-5',
      },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/bn-layer.prop.ts',
      note: "tfjs-layers also defaults epsilon to 1e-3 (keras.applications passes 1.001e-5). The seed's Keras differed: keras.applications ResNet50 of the 197-px era used BN epsilon 1e-3, had no pool1_pad and ended in AveragePooling(7) + Flatten (same parameter count), and standalone Keras 2.1.3-2.2.x on TensorFlow debiased its moving averages (PR 9003), so the 0/1 initial values vanished after the first update; see C15 and the batch-norm-debiased spec.",
    },
    {
      id: 'C03-moving-average-law',
      statement:
        'After k updates with the same batch statistics (mu, var), moving mean = (1-m^k) mu and moving variance = m^k + (1-m^k) var.',
      source: {
        quote:
          'you\'ll need to update the moving averages quite a lot of times before they converge to the "real" mean and variance',
        place: 'answer, paragraph 5',
      },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/bn-layer.prop.ts',
      note: 'tfjs stores the biased batch variance (divides by N), as Keras 3 does (ops.moments); standalone Keras 2.1.3+ on TensorFlow scaled it by N/(N-1-epsilon) before the update (keras-team/keras PR 9028); tf.keras 2.x stored the unbiased one only on its fused path (rank-4/5 inputs) and the biased one otherwise, e.g. after a Dense (tensorflow/tensorflow issue 55545); PyTorch stores the unbiased one and its momentum means 1-m (PyTorch 0.01 = Keras 0.99; PT1-PT2). The law is that of tfjs and Keras 3 / tf.keras; the seed-era Keras 2.1.3-2.2.x on TensorFlow divided by 1-m^k (zero debiasing, PR 9003), which makes the initial values vanish: checked in the batch-norm-debiased spec.',
    },
    {
      id: 'C04-inference-converges-to-training',
      statement:
        'Inference-mode outputs converge to training-mode outputs as m^k goes to 0: exactly for one layer, and measured for a ResNet with frozen weights.',
      source: {
        quote: 'after 5 updates, the moving averages are still pretty close to the initial values',
        place: 'answer, paragraph 8',
      },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/bn-layer.prop.ts',
    },
    {
      id: 'C05-fit-accuracy-means-training-mode-correct',
      statement:
        "When fit() reports accuracy 1.0 for an epoch, the model's training-mode predictions on those images (with the weights that epoch started from) are all correct.",
      source: {
        quote: 'You can verify it by forcing the BatchNormalization layers to operate in "training mode".',
        place: 'answer, paragraph 6',
      },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/fit-and-predict.prop.ts',
    },
    {
      id: 'C06-fit-accuracy-means-predict-correct',
      statement: 'The naive reading: when fit() reports accuracy 1.0, predict() on the same images is correct too.',
      source: {
        quote:
          'I tried to overfit over small data (3 different images) and see if I can get almost 0 loss and 1.0 accuracy - and I did.',
        place: 'question, paragraph 1',
      },
      kind: 'testable',
      expectation: 'refuted',
      role: 'naive-reading',
      property: 'properties/fit-and-predict.prop.ts',
      note: 'Expected to be refuted: fast-check must find and shrink a counterexample.',
    },
    {
      id: 'C07a-collapse-after-few-updates',
      statement:
        'After a few updates with momentum 0.99, a ResNet on raw 0..255 images predicts one class for all images in inference mode (how often, measured).',
      source: { quote: 'which means that all images got label=[0,1,0]', place: 'question, after the predictions' },
      kind: 'measurement',
      expectation: 'measured',
      property: 'properties/fit-and-predict.prop.ts',
    },
    {
      id: 'C07b-collapse-evaluate-figures',
      statement:
        'A collapse with saturated probabilities, c of n images right, gives evaluate accuracy c/n and loss (n-c)/n * -ln(1e-7).',
      source: {
        quote: 'model.evaluate(imgs,y) ... [10.745396614074707, 0.3333333432674408]',
        place: 'answer, paragraph 8',
      },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/metrics.prop.ts',
    },
    {
      id: 'C08-training-mode-reproduces-fit',
      statement:
        'Evaluating in training mode gives the figures fit() reports for the same weights; in tfjs that call also moves the moving statistics.',
      source: {
        quote:
          'let the BatchNormalization layers use the "real" batch mean and variance, the result becomes the same as what\'s observed in fit()',
        place: 'answer, paragraph 9',
      },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/fit-and-predict.prop.ts',
    },
    {
      id: 'C09-momentum-001-fixes-predictions',
      statement: 'With momentum 0.01 on every BN layer, predict() is correct after 20 epochs (how often, measured).',
      source: {
        quote: 'by adding momentum=0.01 to all the batch norm layers in ResNet50, the prediction after 20 epochs is',
        place: 'answer, last paragraph',
      },
      kind: 'measurement',
      expectation: 'measured',
      property: 'properties/fit-and-predict.prop.ts',
      note: "Measured by regime, never averaged: in the seed's regime (one batch of the 3 images per epoch) the data decide by the one decision rule (src/stats/sequential-decision.ts): a unit is a fitted run drawn without fast-check's small-first bias, the share with a correct predict() is judged against 1/2, looks at 8, 16 and 24 fitted runs, alpha 0.05 split over the 3 looks, undecided at the cap. Batches of 2 (two steps an epoch) are another regime: their rate on 12 fitted runs is measured beside it.",
    },
    {
      id: 'C10-momentum-099-needs-many-updates',
      statement:
        'With momentum 0.99, predictions become correct only after many updates: the count, measured against m^k.',
      source: {
        quote: "That's why the prediction is wrong in the early stage, but is correct after 1000 epochs.",
        place: 'answer, paragraph 5',
      },
      kind: 'measurement',
      expectation: 'measured',
      property: 'properties/bn-layer.prop.ts',
    },
    {
      id: 'C11-accuracy-is-correct-over-total',
      statement:
        "Accuracy is the number of correct predictions over the total, and tfjs's accuracy metric computes exactly that (ties go to the first class).",
      source: {
        quote: 'Accuracy = Number of correct predictions Total number of predictions.',
        place: 'aside on accuracy',
      },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/metrics.prop.ts',
    },
    {
      id: 'C12-constant-predictor-scores-a-third',
      statement: 'On three balanced classes a constant predictor scores accuracy 1/3.',
      source: { quote: 'they occur around 33% times each', place: 'aside on 3-class accuracy' },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/metrics.prop.ts',
    },
    {
      id: 'C13-45-percent-significance',
      statement:
        'Whether 45-48% on three balanced classes is significant is answered by an exact binomial test, whose false-positive rate under random labels stays at or below alpha.',
      source: {
        quote:
          'upon training a model yields an accuracy of 45-48% on out of sample test data. Is this result significant',
        place: 'aside on 3-class accuracy',
      },
      kind: 'testable',
      expectation: 'holds',
      property: 'properties/metrics.prop.ts',
    },
    {
      id: 'C14-results-vary-with-data',
      statement:
        'The same training on different data gives different results: the spread of final metrics across generated datasets, measured.',
      source: {
        quote: 'You will get different results when you run the same algorithm on different data.',
        place: 'aside on variance',
      },
      kind: 'measurement',
      expectation: 'measured',
      property: 'properties/fit-and-predict.prop.ts',
    },
    {
      id: 'C15-initial-values-cause-wrong-predictions',
      statement:
        'predict() is wrong after a few updates because the moving averages are still close to their initial values (0 and 1): taking the initial values out (debiased moving averages, or moving statistics set from the first batch) on the same weights and images makes predict() correct.',
      source: {
        quote: 'after 5 updates, the moving averages are still pretty close to the initial values',
        place: 'answer, paragraph 8',
      },
      kind: 'testable',
      expectation: 'measured',
      property: 'properties/causal.prop.ts',
      note: "A causal claim, tested by intervention with the specs batch-norm-debiased and batch-norm-first-batch. The data decide the verdict by the one decision rule (src/stats/sequential-decision.ts): the unit is a fitted run (cases drawn without fast-check's small-first bias) whose tfjs predict() was wrong, each intervention's fix rate is judged against 1/2, looks every 10 units up to 60, alpha 0.05 split over the 6 looks and 2 rates. The statement says either way of taking the initial values out makes predict() correct, so it holds when both rates are decided above 1/2, is refuted as soon as either is decided below, and is undecided at the cap otherwise. The debiased rate is the share of the collapse the initial values explain; the rest is the lag itself: the moving averages are averages of batch statistics of earlier weights, which fit() has since changed.",
    },
    {
      id: 'O1-70-to-90-percent-is-ideal',
      statement: 'Accuracy above 70% is great and 70-90% is ideal.',
      source: {
        quote: "an accuracy measure of anything between 70%-90% is not only ideal, it's realistic",
        place: 'aside on accuracy',
      },
      kind: 'opinion',
      expectation: 'not-testable',
      note: 'A judgement that depends on the task, the classes and the cost of errors; no property of a model or a layer can confirm or refute it.',
    },
    {
      id: 'O2-100-percent-is-a-bad-sign',
      statement: '100% accuracy with a tiny loss is a bad sign.',
      source: {
        quote: "I've always been told that 100% accuracy with tiny loss is a bad sign",
        place: 'aside on accuracy',
      },
      kind: 'opinion',
      expectation: 'not-testable',
      note: 'A rule of thumb about overfitting and leakage, not a statement with a truth value; the seed case overfits on purpose.',
    },
  ],
});
