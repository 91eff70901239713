import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { REPRO_FORMAT } from '../experiment/repro-format.js';
import { readReproFile, reproEpochsOf } from './repro-file.js';

const epochs = [{ epoch: 1, loss: 0.5, acc: 1, seconds: 1 }];
const evaluation = { loss: 0.1, acc: 1 };
const run = (momentum: number) => ({
  momentum,
  epochs,
  predict: [
    [0.9, 0.1],
    [0.8, 0.2],
  ],
  predictedClasses: [0, 0],
  collapsed: true,
  evaluate: evaluation,
  trainingModeEvaluate: evaluation,
  trainingModePredict: [
    [0.9, 0.1],
    [0.1, 0.9],
  ],
  trainingModePredictedClasses: [0, 1],
  trainingModeMutatedMovingStats: true,
});
const record = () => ({ format: REPRO_FORMAT, runs: { question: run(0.99), answer: run(0.01) } });
const file = 'reports/repro.json';

describe('reading reports/repro.json for the page', () => {
  it('format 2: both runs, the same shape', () => {
    const view = reproEpochsOf(record(), file);
    expect(view.question.momentum).toBe(0.99);
    expect(view.answer?.momentum).toBe(0.01);
    expect(view.answer?.evaluate).toEqual(evaluation);
    const { answer: _, ...questionOnly } = record().runs;
    expect(reproEpochsOf({ format: REPRO_FORMAT, runs: questionOnly }, file).answer).toBeUndefined();
  });

  it('format 1 (no format field, the answer in answerRun) still gives the plotted figures', () => {
    const view = reproEpochsOf({ momentum: 0.99, epochs, answerRun: { momentum: 0.01, epochs } }, file);
    expect(view).toEqual({ question: { momentum: 0.99, epochs }, answer: { momentum: 0.01, epochs } });
  });

  it.each<[string, (r: ReturnType<typeof record>) => unknown, string]>([
    [
      'an unknown format',
      (r) => ({ ...r, format: 3 }),
      'field "format" is 3; this normprop reads repro records of format 2',
    ],
    ['no runs', ({ format }) => ({ format }), 'field "runs" is missing, not an object'],
    [
      "the answer's run without collapsed",
      (r) => {
        delete (r.runs.answer as Partial<ReturnType<typeof run>>).collapsed;
        return r;
      },
      'field "runs.answer.collapsed" is missing, not a boolean',
    ],
    [
      "the question's trainingModePredict not an array",
      (r) => {
        (r.runs.question as Record<string, unknown>).trainingModePredict = 'x';
        return r;
      },
      'field "runs.question.trainingModePredict" is a string, not an array',
    ],
    [
      'a format-2 run without its evaluations',
      (r) => {
        delete (r.runs.question as Partial<ReturnType<typeof run>>).evaluate;
        return r;
      },
      'field "runs.question.evaluate" is missing, not an object',
    ],
  ])('refuses %s, naming the file and the field', (_what, spoil, message) => {
    expect(() => reproEpochsOf(spoil(record()), file)).toThrow(InputError);
    expect(() => reproEpochsOf(spoil(record()), file)).toThrow(`${file}: ${message}`);
  });

  it('reads a file; a missing one is no record, and one that is not JSON is refused naming it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-repro-file-'));
    const json = path.join(dir, 'repro.json');
    expect(await readReproFile(json)).toBeUndefined();
    await writeFile(json, JSON.stringify(record()));
    expect((await readReproFile(json))?.record.answer?.momentum).toBe(0.01);
    await writeFile(json, '{"format": 2,');
    await expect(readReproFile(json)).rejects.toThrow(`${json}: not a repro record`);
  });
});
