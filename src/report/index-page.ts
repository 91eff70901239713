import type { TopLevelSpec } from 'vega-lite';
import {
  collapseChart,
  epochChart,
  gapChart,
  goldenBnChart,
  modeChart,
  movingStatsChart,
  renderSvg,
} from './charts.js';
import { c10Chart, c10ChartRows, c10ChartSubtitle } from './c10-chart.js';
import { esc, goldenDiffSections } from './golden-diff.js';
import { ledgerHtml, ledgerSummaryHtml, partialNoticeHtml } from './ledger-html.js';
import {
  coincidingEpochs,
  collapseRows,
  gapRows,
  goldenBnRows,
  goldenEpochs,
  lawRows,
  movingStatsRows,
  reproEpochRows,
  reproModeRows,
  type ReproEpochs,
} from './plot-data.js';
import type { ReportData } from './report-data.js';

/**
 * reports/index.html: one self-contained page (inline CSS and SVG, no scripts, no network) with the
 * claims ledger, the golden diff and the plots. A plot whose data is absent says so and why.
 */

interface Plot {
  id: string;
  heading: string;
  /** A spec to render, or a sentence saying which data is missing and how to get it. */
  make(data: ReportData): TopLevelSpec | string;
}

/** The repro's record, or where npm run repro has not run, the seed-case golden's figures of the same experiment. */
function reproSource(data: ReportData): { record: ReproEpochs; source: string } | undefined {
  if (data.repro) return { record: data.repro.record, source: `from ${data.repro.file} (npm run repro)` };
  const golden = data.goldens.find((g) => g.name === 'seed-case-resnet50');
  const record = golden && goldenEpochs(golden);
  if (!golden || !record) return undefined;
  return {
    record,
    source: `npm run repro has not written a record here; these are the same experiment's figures from golden/seed-case-resnet50.json (made on ${golden.provenance.backend}, ${golden.provenance.date})`,
  };
}

export const PLOTS: Plot[] = [
  {
    id: 'plot-gap',
    heading: 'Inference vs training output gap against updates, next to the m^k law',
    make: (data) => {
      const { rows, momenta } = gapRows(data.results);
      if (rows.length === 0)
        return 'No gap series stored: the C10 check (properties/bn-layer.prop.ts) did not run in this run.';
      return gapChart(rows, lawRows(momenta, Math.max(...rows.map((r) => r.k))));
    },
  },
  {
    id: 'plot-collapse',
    heading: 'Collapse rate against momentum and steps',
    make: (data) => {
      const cases = collapseRows(data.results);
      return cases.length
        ? collapseChart(cases)
        : 'No collapse cases stored: the C05, C07a, C08 and C09 checks (properties/fit-and-predict.prop.ts) did not run.';
    },
  },
  {
    id: 'plot-moving-stats',
    heading: 'Moving mean and variance trajectories per BN layer',
    make: (data) => {
      const rows = movingStatsRows(data.results);
      return rows.length
        ? movingStatsChart(rows)
        : 'No moving-statistics series stored: the C10 check (properties/bn-layer.prop.ts) did not run.';
    },
  },
  {
    id: 'plot-repro-modes',
    heading: 'The repro: evaluate() vs training-mode accuracy, per run',
    make: (data) => {
      const found = reproSource(data);
      if (!found) return 'No repro record (run npm run repro) and no seed-case golden to show instead.';
      const rows = reproModeRows(found.record);
      if (!rows.length)
        return `${found.source}: the record has no evaluate() and training-mode figures; rerun npm run repro.`;
      return modeChart(rows, [
        found.source,
        'Training mode normalizes with batch statistics, as fit() does; evaluate() uses the moving averages.',
      ]);
    },
  },
  {
    id: 'plot-repro-epochs',
    heading: "The repro's per-epoch loss and accuracy",
    make: (data) => {
      const found = reproSource(data);
      if (!found) return 'No repro record (run npm run repro) and no seed-case golden to show instead.';
      const { record, source } = found;
      const same = coincidingEpochs(record);
      const note =
        same > 0
          ? [
              `The two runs report identical figures for epochs 1-${same}: fit() uses batch statistics, which the momentum does not change.`,
            ]
          : [];
      return epochChart(reproEpochRows(record), [source, ...note]);
    },
  },
  {
    id: 'plot-c10-resnet50',
    heading: 'C10 on ResNet50: the epoch from which predict() stays right, per stored run',
    make: (data) =>
      data.c10Runs?.length
        ? c10Chart(c10ChartRows(data.c10Runs), c10ChartSubtitle(data.c10Runs))
        : 'No long ResNet50 runs stored: run npm run measure:c10 (about an hour per 1000 epochs on a CPU).',
  },
  {
    id: 'plot-golden-bn',
    heading: 'Moving statistics per BN layer at the end of each canonical experiment (goldens)',
    make: (data) => {
      const rows = goldenBnRows(data.goldens);
      return rows.length ? goldenBnChart(rows) : 'No goldens with BN summaries found in golden/.';
    },
  },
];

const STYLE = `body{font-family:system-ui,sans-serif;margin:2em auto;max-width:80em;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;font-size:85%;vertical-align:top;text-align:left}
code{font-size:90%;overflow-wrap:anywhere}.pass{color:#176117}.fail{color:#a11}.none{color:#666}.refuted{color:#1f4fa0}.measured{color:#5a3d8a}.known{color:#8a5a00}
td.verdict{font-weight:bold}table.ledger{table-layout:fixed;width:100%}table.ledger td,table.ledger th{overflow-wrap:anywhere}
table.ledger>tbody>tr>th:nth-child(1){width:12%}table.ledger>tbody>tr>th:nth-child(2){width:30%}table.ledger>tbody>tr>th:nth-child(3){width:10%}
table.ledger>tbody>tr>th:nth-child(4){width:8%}table.ledger>tbody>tr>th:nth-child(5){width:9%}table.checks{width:100%;table-layout:fixed}table.checks td{font-size:95%;overflow-wrap:break-word}
table.checks th:nth-child(1){width:16%}table.checks th:nth-child(2){width:26%}table.checks th:nth-child(3){width:8%}
pre.replay{white-space:pre-wrap;overflow-wrap:anywhere;font-size:85%;background:#f4f4f4;padding:.2em .4em;margin:.3em 0 0}
summary{cursor:pointer}nav a{margin-right:1em}.absent{color:#a15c00;font-style:italic}figure{margin:1em 0;overflow-x:auto}
@media (max-width:700px){body{margin:1em auto}table.ledger,table.ledger tbody,table.ledger tr,table.ledger td,table.ledger th{display:block;width:auto!important}
table.ledger tr:first-child{display:none}table.ledger tr.claim{border-top:2px solid #999;margin-top:.5em}table.ledger td{border:0;padding:.1em .3em}
table.checks,table.checks tbody,table.checks tr,table.checks td{display:block}table.checks tr:first-child{display:none}td,th{font-size:85%}}`;

export async function indexHtml(data: ReportData, date = new Date().toISOString()): Promise<string> {
  const plots: string[] = [];
  for (const plot of PLOTS) {
    const made = plot.make(data);
    const body =
      typeof made === 'string' ? `<p class="absent">${esc(made)}</p>` : `<figure>${await renderSvg(made)}</figure>`;
    plots.push(
      `<section id="${plot.id}" class="plot" data-status="${typeof made === 'string' ? 'absent' : 'rendered'}"><h3>${esc(plot.heading)}</h3>${body}</section>`,
    );
  }
  const goldens = data.goldenOutcomes.length
    ? `<p>${data.goldenOutcomes.filter((o) => !o.failed).length} of ${data.goldenOutcomes.length} goldens pass. A value passes when |obtained - expected| &le; abs + rel &middot; scale.</p>${goldenDiffSections(data.goldenOutcomes)}`
    : '<p class="absent">No golden outcomes stored: golden/goldens.test.ts did not run in this run.</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>normprop report</title><style>${STYLE}</style></head><body>
<h1>normprop report</h1>
<section id="summary"><h2>Summary</h2>${ledgerSummaryHtml(data.ledger)}
<div id="scope" data-scope="${data.ledger.partial.length ? 'partial' : 'complete'}">${partialNoticeHtml(data.ledger)}</div>
<p>Made ${esc(date)} from stored results. ${data.goldenOutcomes.length ? `Goldens: ${data.goldenOutcomes.filter((o) => !o.failed).length} of ${data.goldenOutcomes.length} pass.` : 'No golden outcomes stored.'}</p></section>
<nav><a href="#summary">Summary</a><a href="#ledger">Claims ledger</a><a href="#golden-diff">Golden diff</a><a href="#plots">Plots</a><a href="coverage/index.html" title="written beside this page by vitest --coverage (npm test); a run of some files writes reports/partial/coverage/">Coverage</a></nav>
<section id="ledger"><h2>Claims ledger</h2>${ledgerHtml(data.ledger)}</section>
<section id="golden-diff"><h2>Golden diff</h2>${goldens}</section>
<section id="plots"><h2>Plots</h2>${plots.join('\n')}</section>
</body></html>
`;
}
