import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../claims/catalog.js';
import type { ClaimCheckResult } from '../claims/result.js';
import { collapseCase, type GapSeries } from '../experiment/trace-series.js';
import { ANSWER_RUN_FIELDS } from '../golden/canonical-record.js';
import { readGolden } from '../golden/store.js';
import { indexHtml, PLOTS } from './index-page.js';
import { buildLedger } from './ledger-report.js';
import {
  coincidingEpochs,
  collapseRows,
  gapRows,
  goldenBnRows,
  goldenEpochs,
  lawRows,
  reproModeRows,
} from './plot-data.js';
import type { ReportData } from './report-data.js';

const check = (claimId: string, series: Record<string, unknown>): ClaimCheckResult => ({
  claimId,
  check: 'c',
  verdict: 'measured',
  runs: 1,
  minRuns: 1,
  seed: 1,
  replay: 'r',
  seconds: 1,
  measured: { cases: 1, series },
});

const gap: GapSeries = {
  momentum: 0.99,
  points: [
    [1, 0.5],
    [2, 0.25],
    [20, 0.05],
  ],
};

describe('plot data from stored results', () => {
  it('scales each gap series by its first gap, next to m^(k-1) for the momenta it saw', () => {
    const { rows, momenta } = gapRows([check('C10-momentum-099-needs-many-updates', { gap: [gap] })]);
    expect(rows.map((r) => r.relativeGap)).toEqual([1, 0.5, 0.1]);
    expect(momenta).toEqual([0.99]);
    const law = lawRows(momenta, 20);
    expect(law).toHaveLength(20);
    expect(law[0].law).toBe(1);
    expect(law[19].law).toBeCloseTo(0.99 ** 19, 12);
  });

  it('counts steps as epochs times batches, and a collapse as one predicted class for all images', () => {
    expect(collapseCase({ momentum: 0.99, epochs: 3, batchSize: 2 }, [1, 1, 1])).toEqual({
      momentum: 0.99,
      epochs: 3,
      steps: 6,
      collapsed: true,
    });
    expect(collapseCase({ momentum: 0.01, epochs: 20, batchSize: 32 }, [0, 1, 2])).toMatchObject({
      steps: 20,
      collapsed: false,
    });
    const rows = collapseRows([
      check('C07a-collapse-after-few-updates', {
        collapse: [collapseCase({ momentum: 0.99, epochs: 2, batchSize: 32 }, [0, 0, 0])],
      }),
    ]);
    expect(rows).toEqual([{ momentum: 0.99, epochs: 2, steps: 2, collapsed: true, check: 'C07a', collapsedValue: 1 }]);
  });

  it('counts the leading epochs two runs report identically (fit() figures do not depend on the momentum)', () => {
    const e = (epoch: number, loss: number, acc: number) => ({ epoch, loss, acc });
    const run = [e(1, 1.5, 0.3), e(2, 0.2, 1), e(3, 0.1, 1)];
    expect(
      coincidingEpochs({
        question: { momentum: 0.99, epochs: run },
        answer: { momentum: 0.01, epochs: [e(1, 1.5, 0.3), e(2, 0.2, 1), e(3, 0.05, 1), e(4, 0.01, 1)] },
      }),
    ).toBe(2);
    expect(
      coincidingEpochs({
        question: { momentum: 0.99, epochs: run },
        answer: { momentum: 0.01, epochs: [e(1, 1.4, 0.3)] },
      }),
    ).toBe(0);
    expect(coincidingEpochs({ question: { momentum: 0.99, epochs: run } })).toBe(0);
  });

  it('reads per-layer BN summaries and per-epoch figures from a stored golden', async () => {
    const golden = (await readGolden('small-m0.9-e8-depth2'))!;
    const rows = goldenBnRows([golden]);
    const layers = Object.keys(golden.fields).filter((f) => /^run\.bn\..+\.movingMean$/.test(f));
    expect(rows).toHaveLength(2 * layers.length);
    expect(Math.max(...rows.map((r) => r.index))).toBe(layers.length);
    const { question, answer } = goldenEpochs(golden)!;
    expect(question.epochs.map((e) => e.loss)).toEqual(golden.fields['run.epochs.loss']);
    expect(question.momentum).toBe(0.9);
    expect(answer).toBeUndefined();
    expect(question.evaluate).toEqual({
      loss: golden.fields['run.evaluate.loss'],
      acc: golden.fields['run.evaluate.acc'],
    });
    expect(question.trainingModeEvaluate?.acc).toBe(golden.fields['run.trainingModeEvaluate.acc']);
  });

  it("pairs each run's evaluate() accuracy with the training-mode accuracy of the same weights", async () => {
    const golden = (await readGolden('seed-case-resnet50'))!;
    const rows = reproModeRows(goldenEpochs(golden)!);
    expect(rows.map((r) => [r.run, r.mode, r.accuracy])).toEqual([
      ["question's run (momentum 0.99)", 'evaluate() (inference)', golden.fields['run.evaluate.acc']],
      ["question's run (momentum 0.99)", 'training mode', golden.fields['run.trainingModeEvaluate.acc']],
      ["answer's run (momentum 0.01)", 'evaluate() (inference)', golden.fields[`${ANSWER_RUN_FIELDS}.evaluate.acc`]],
      ["answer's run (momentum 0.01)", 'training mode', golden.fields[`${ANSWER_RUN_FIELDS}.trainingModeEvaluate.acc`]],
    ]);
    // A record without the evaluations (an older repro.json) gives no rows rather than made-up ones.
    expect(reproModeRows({ question: { momentum: 0.99, epochs: [] } })).toEqual([]);
  });
});

describe('reports/index.html', () => {
  it('renders every plot whose data is stored as inline SVG, and names what is missing for the others', async () => {
    const results = [check('C10-momentum-099-needs-many-updates', { gap: [gap] })];
    const data: ReportData = { ledger: buildLedger(CLAIMS, results), results, goldenOutcomes: [], goldens: [] };
    const html = await indexHtml(data, 'DATE');
    const status = (id: string) => new RegExp(`id="${id}" class="plot" data-status="(\\w+)"`).exec(html)?.[1];
    expect(PLOTS.map((p) => [p.id, status(p.id)])).toEqual(
      PLOTS.map((p) => [p.id, p.id === 'plot-gap' ? 'rendered' : 'absent']),
    );
    expect(html).toMatch(/id="plot-gap"[^]*?<svg[^]*?<\/svg>/);
    expect(html).toContain('No golden outcomes stored');
    // Self-contained: no script and nothing loaded from the network (a document's address may be shown as text).
    expect(html).not.toMatch(/<script|(src|href|url)\s*[=(]\s*["']?https?:\/\/(?!www\.w3\.org)/);
  });

  it('draws the repro as evaluate() vs training-mode accuracy per run, and the collapse map as k/n per cell', async () => {
    const e = (epoch: number) => ({ epoch, loss: 1 / epoch, acc: 1 });
    const repro = {
      question: {
        momentum: 0.99,
        epochs: [e(1), e(2)],
        evaluate: { loss: 10.7454, acc: 1 / 3 },
        trainingModeEvaluate: { loss: 8e-6, acc: 1 },
      },
      answer: {
        momentum: 0.01,
        epochs: [e(1)],
        evaluate: { loss: 1e-6, acc: 1 },
        trainingModeEvaluate: { loss: 2e-6, acc: 1 },
      },
    };
    const collapse = [
      collapseCase({ momentum: 0.99, epochs: 3, batchSize: 32 }, [0, 0, 0]),
      collapseCase({ momentum: 0.99, epochs: 3, batchSize: 32 }, [0, 1, 2]),
      collapseCase({ momentum: 0.01, epochs: 3, batchSize: 32 }, [0, 1, 2]),
    ];
    const results = [check('C07a-collapse-after-few-updates', { collapse })];
    const html = await indexHtml(
      {
        ledger: buildLedger(CLAIMS, results),
        results,
        goldenOutcomes: [],
        goldens: [],
        repro: { file: 'reports/repro.json', record: repro },
      },
      'DATE',
    );
    const section = (id: string) => new RegExp(`<section id="${id}"[^]*?</section>`).exec(html)![0];
    const modes = section('plot-repro-modes');
    expect(modes).toContain('data-status="rendered"');
    for (const label of [
      '0.333 (loss 10.7)',
      '1.000 (loss 8.0e-6)',
      '1.000 (loss 1.0e-6)',
      'evaluate() (inference)',
      'training mode',
    ])
      expect(modes).toContain(label);
    const map = section('plot-collapse');
    expect(map).toContain('>1/2<');
    expect(map).toContain('>0/1<');
    expect(map).toContain('models (n)');
  });

  it('opens with the summary (headline, verdict counts, partial notice) before the ledger table, the golden diff and the plots', async () => {
    const results = [check('C10-momentum-099-needs-many-updates', {})];
    const html = await indexHtml(
      {
        ledger: buildLedger(CLAIMS, results, 'DATE', ['filtered with -t /C10/']),
        results,
        goldenOutcomes: [],
        goldens: [],
      },
      'DATE',
    );
    const at = (marker: string) => html.indexOf(marker);
    expect(at('id="summary"')).toBeGreaterThan(0);
    for (const later of ['<table class="ledger"', 'id="golden-diff"', 'id="plots"'])
      expect(at('id="summary"')).toBeLessThan(at(later));
    const summary = html.slice(at('id="summary"'), at('<nav>'));
    expect(summary).toContain('id="verdict-counts"');
    expect(summary).toMatch(/<td class="verdict measured">measured<\/td><td>1<\/td>/);
    // Each kind its own colour, with a legend: an expected refutation is not painted as "holds".
    expect(summary).toMatch(/id="verdict-legend".*class="refuted">refuted.*class="known">known bug/);
    expect(summary).toContain('data-scope="partial"');
    expect(summary).toContain('filtered with -t /C10/');
    expect(summary).toMatch(
      /<details><summary>\d+ testable claims did not run; nothing is claimed about them<\/summary>C01-bn-batch-vs-moving, /,
    );
  });
});
