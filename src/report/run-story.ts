/** What one run of the seed experiment did, in one sentence: the figures the repro prints, read. */
export function runStory(
  run: {
    epochs: { acc: number }[];
    predictedClasses: number[];
    /** One class for all the images (the repro record's flag). */
    collapsed: boolean;
    trainingModeEvaluate: { acc: number };
  },
  labels: number[],
): string {
  const fitAcc = run.epochs[run.epochs.length - 1]?.acc ?? NaN;
  const trainingMode = run.trainingModeEvaluate.acc;
  const right = run.predictedClasses.filter((c, i) => c === labels[i]).length;
  const n = labels.length;
  const predicted = `[${run.predictedClasses.join(', ')}]`;
  const oneClass = run.collapsed ? `, one class for all ${n} images` : '';
  if (trainingMode < 1)
    return `The model did not fit: training-mode accuracy ${trainingMode.toFixed(4)} (fit() said ${fitAcc.toFixed(4)} in its last epoch), and predict() gets ${right} of ${n} right ${predicted}${oneClass}.`;
  if (right === n)
    return `fit() and training mode reach accuracy 1, and predict() is right too ${predicted}: no collapse in this run.`;
  return `fit() said accuracy ${fitAcc.toFixed(4)} and the training-mode evaluation of the same weights gives 1, yet predict() gets ${right} of ${n} right ${predicted}${oneClass ? `${oneClass}: the seed's collapse` : ''}. Training mode normalizes with the batch's statistics, predict() with the moving averages.`;
}
