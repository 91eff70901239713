import fc from 'fast-check';

/** Labels and predictions for the metric checks (accuracy and loss as evaluate() computes them). */

/** A saturated collapse: n labels over `classes` classes, and the one class every image is predicted as. */
export const collapsedPredictions = fc
  .record({ classes: fc.integer({ min: 2, max: 5 }), n: fc.integer({ min: 1, max: 12 }), seed: fc.integer() })
  .chain(({ classes, n }) =>
    fc.record({
      classes: fc.constant(classes),
      labels: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: n, maxLength: n }),
      predicted: fc.integer({ min: 0, max: classes - 1 }),
    }),
  );

/** 1-20 images, each a label and a row of probabilities over 2-5 classes. */
export const labelledRows = fc.integer({ min: 2, max: 5 }).chain((classes) =>
  fc.array(
    fc.record({
      label: fc.integer({ min: 0, max: classes - 1 }),
      // Few distinct levels make ties frequent.
      row: fc.array(fc.constantFrom(0, 0.1, 0.25, 0.5), { minLength: classes, maxLength: classes }),
    }),
    { minLength: 1, maxLength: 20 },
  ),
);
