import type { EpochRecord } from '../experiment/training-run.js';
import type { LossAccuracy } from '../experiment/metrics.js';

/** Text the way a Keras user reads it: fit()'s epoch lines, predict()'s matrix, evaluate()'s list. */

/** C's %.Ne: JavaScript writes 1.2e-4 where Python and numpy write 1.2e-04. */
function printfExponential(value: number, digits: number): string {
  const [mantissa, exponent] = value.toExponential(digits).split('e');
  const e = Number(exponent);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** Keras' progbar prints a metric with %.4f, or %.4e when it is below 1e-3 in magnitude. */
export function kerasNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value !== 0 && Math.abs(value) < 1e-3 ? printfExponential(value, 4) : value.toFixed(4);
}

export function epochHeader(epoch: number, epochs: number): string {
  return `Epoch ${epoch}/${epochs}`;
}

export function epochLine(record: EpochRecord, samples: number): string {
  const seconds = record.seconds >= 1 ? `${Math.round(record.seconds)}s` : `${Math.round(record.seconds * 1000)}ms`;
  return `${samples}/${samples} [${'='.repeat(30)}] - ${seconds}/step - loss: ${kerasNumber(record.loss)} - acc: ${kerasNumber(record.acc)}`;
}

/** numpy's repr of a float32 matrix in scientific notation, as the seed shows predict(). */
export function numpyMatrix(matrix: number[][]): string {
  const cell = (v: number) => `${v < 0 ? '' : ' '}${printfExponential(v, 8)}`;
  const rows = matrix.map((row) => `[${row.map(cell).join(' ')}]`);
  return `[${rows.join('\n ')}]`;
}

export function evaluateList(figures: LossAccuracy): string {
  return `[${figures.loss}, ${figures.acc}]`;
}
