import { InputError } from '../errors.js';
import { REPRO_FORMAT } from '../experiment/repro-format.js';
import { MAX_PART_BYTES, readRegularTextFile } from '../io/read-bounded.js';
import { Shape } from '../io/stored-shape.js';
import type { ReproEpochs, RunEpochs } from './plot-data.js';

/**
 * Reads reports/repro.json for the page: what it plots of the two runs, each field checked so that
 * an old or hand-edited record is refused naming the file and the field (exit 2), never a TypeError.
 * Format 2 (runs.question, runs.answer) is read in full; format 1 (no `format` field: the question's
 * run at the top level, the answer's in `answerRun`) still gives the plots, since it has their figures.
 */
export async function readReproFile(file: string): Promise<{ file: string; record: ReproEpochs } | undefined> {
  // The bounded reader: a FIFO there must not hang a run's teardown.
  const text = await readRegularTextFile(file, MAX_PART_BYTES, 'repro record');
  if (text === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new InputError(
      `${file}: not a repro record (${(error as Error).message}); rerun npm run repro or remove the file`,
    );
  }
  return { file, record: reproEpochsOf(data, file) };
}

/** The page's view of a parsed record, by its format. */
export function reproEpochsOf(data: unknown, file: string): ReproEpochs {
  const s = new Shape(file, 'a repro record');
  const record = s.object(data);
  const format = record.format;
  if (format === undefined) return formatOne(s, record);
  if (format !== REPRO_FORMAT)
    s.fail(
      `field "format" is ${JSON.stringify(format)}; this normprop reads repro records of format ${REPRO_FORMAT} (and older ones without the field): rerun npm run repro`,
    );
  const runs = s.object(s.field(record, 'runs', 'object'), 'runs');
  const question = formatTwoRun(s, runs.question, 'runs.question.');
  const answer = runs.answer === undefined ? undefined : formatTwoRun(s, runs.answer, 'runs.answer.');
  return { question, ...(answer ? { answer } : {}) };
}

/** The per-epoch figures and end-of-run evaluations of one run (`where` names it in a refusal). */
function runEpochs(s: Shape, value: unknown, where: string, evaluationsRequired: boolean): RunEpochs {
  const r = s.object(value, where.slice(0, -1));
  s.field(r, 'momentum', 'number', false, where);
  const epochs = s.field(r, 'epochs', 'array', false, where) as unknown[];
  epochs.forEach((e, i) => {
    const row = s.object(e, `${where}epochs[${i}]`);
    for (const key of ['epoch', 'loss', 'acc']) s.field(row, key, 'number or null', false, `${where}epochs[${i}].`);
  });
  for (const key of ['evaluate', 'trainingModeEvaluate']) {
    const ev = s.field(r, key, 'object', !evaluationsRequired, where) as Record<string, unknown> | undefined;
    if (ev) for (const k of ['loss', 'acc']) s.field(ev, k, 'number or null', false, `${where}${key}.`);
  }
  return r as unknown as RunEpochs;
}

/** A format-2 run: besides the plotted figures, every field the record promises of both runs alike. */
function formatTwoRun(s: Shape, value: unknown, where: string): RunEpochs {
  const run = runEpochs(s, value, where, true);
  const r = run as unknown as Record<string, unknown>;
  for (const key of ['predict', 'predictedClasses', 'trainingModePredict', 'trainingModePredictedClasses'])
    s.field(r, key, 'array', false, where);
  for (const key of ['collapsed', 'trainingModeMutatedMovingStats']) s.field(r, key, 'boolean', false, where);
  const { momentum, epochs, evaluate, trainingModeEvaluate } = run;
  return { momentum, epochs, evaluate, trainingModeEvaluate };
}

/** Format 1: the question's run at the top level, the answer's in `answerRun`, evaluations optional. */
function formatOne(s: Shape, record: Record<string, unknown>): ReproEpochs {
  const pick = ({ momentum, epochs, evaluate, trainingModeEvaluate }: RunEpochs): RunEpochs => ({
    momentum,
    epochs,
    ...(evaluate ? { evaluate } : {}),
    ...(trainingModeEvaluate ? { trainingModeEvaluate } : {}),
  });
  const question = pick(runEpochs(s, record, '', false));
  const answer = record.answerRun === undefined ? undefined : pick(runEpochs(s, record.answerRun, 'answerRun.', false));
  return { question, ...(answer ? { answer } : {}) };
}
