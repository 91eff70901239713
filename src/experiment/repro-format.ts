/**
 * The layout version of reports/repro.json, apart from the record's writer so that the report reads
 * it without importing training code. 2: both runs nested alike under `runs` (question, answer), each
 * with its training-mode predictions and classes and a `collapsed` flag; the images folder relative to
 * the project root. 1 (no `format` field): the question's run at the top level, the answer's in
 * `answerRun`, an absolute images folder.
 */
export const REPRO_FORMAT = 2;
