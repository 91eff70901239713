import type { TopLevelSpec } from 'vega-lite';
import type { CollapseCase } from '../experiment/trace-series.js';
import type { EpochRow, GapRow, GoldenBnRow, LawRow, ModeRow, MovingStatsRow } from './plot-data.js';

/**
 * The report's plots as vega-lite specifications, rendered to SVG in Node by vega (no browser, no
 * hand-drawn SVG). Each builder takes the rows of plot-data.ts and states only what the chart shows.
 */

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 520;

/** Renders a vega-lite spec to an SVG string; vega is loaded only when a report is made. */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const vega = await import('vega');
  const { compile } = await import('vega-lite');
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function gapChart(rows: GapRow[], law: LawRow[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: 'Inference vs training-mode output gap, frozen ResNet (C04, C10)',
    width: WIDTH,
    height: 280,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'k', type: 'quantitative', title: 'moving-statistics updates k' },
          y: { field: 'relativeGap', type: 'quantitative', scale: { type: 'log' }, title: 'gap(k) / gap(1)' },
          color: { field: 'case', type: 'nominal', title: 'measured' },
        },
      },
      {
        data: { values: law },
        mark: { type: 'line', strokeDash: [6, 4], color: 'black' },
        encoding: {
          x: { field: 'k', type: 'quantitative' },
          y: { field: 'law', type: 'quantitative', scale: { type: 'log' } },
          detail: { field: 'label', type: 'nominal' },
        },
      },
    ],
  };
}

export function collapseChart(cases: (CollapseCase & { check: string; collapsedValue: number })[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: {
      text: 'How often inference collapses to one class, by BN momentum and optimizer steps',
      subtitle:
        'Each cell: collapsed models / models trained (k/n). Colour: the rate; faint cells rest on few models (opacity grows with n up to 8).',
    },
    data: { values: cases },
    transform: [
      {
        calculate:
          "datum.momentum <= 0.05 ? '<= 0.05' : datum.momentum < 0.9 ? '0.05-0.9' : datum.momentum < 0.99 ? '0.9-0.99' : '>= 0.99'",
        as: 'momentum range',
      },
      {
        aggregate: [
          { op: 'mean', field: 'collapsedValue', as: 'collapse rate' },
          { op: 'sum', field: 'collapsedValue', as: 'collapsed' },
          { op: 'count', as: 'models' },
        ],
        groupby: ['momentum range', 'steps'],
      },
      { calculate: "datum.collapsed + '/' + datum.models", as: 'label' },
    ],
    width: { step: 44 },
    height: { step: 34 },
    encoding: {
      x: {
        field: 'steps',
        type: 'ordinal',
        title: ['optimizer steps', '(epochs x batches)'],
        axis: { labelAngle: 0, labelPadding: 6 },
      },
      y: {
        field: 'momentum range',
        type: 'ordinal',
        title: 'BN momentum',
        sort: ['<= 0.05', '0.05-0.9', '0.9-0.99', '>= 0.99'],
        axis: { labelPadding: 6 },
      },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: '#fff', strokeWidth: 1 },
        encoding: {
          color: {
            field: 'collapse rate',
            type: 'quantitative',
            scale: { domain: [0, 1], scheme: 'orangered' },
            legend: { format: '.0%' },
          },
          opacity: {
            field: 'models',
            type: 'quantitative',
            title: 'models (n)',
            scale: { domain: [1, 8], range: [0.25, 1], clamp: true },
            legend: { values: [1, 2, 4, 8] },
          },
        },
      },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: { text: { field: 'label', type: 'nominal' }, color: { value: '#111' } },
      },
    ],
  };
}

export function movingStatsChart(rows: MovingStatsRow[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: 'Moving mean and variance per BN layer (channel means) as the frozen ResNet keeps updating them',
    data: { values: rows },
    facet: { row: { field: 'statistic', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: WIDTH,
      height: 180,
      mark: 'line',
      encoding: {
        x: { field: 'k', type: 'quantitative', title: 'moving-statistics updates k' },
        y: { field: 'value', type: 'quantitative', scale: { type: 'symlog' }, title: 'channel mean' },
        color: { field: 'layer', type: 'nominal', sort: null, title: 'BN layer' },
      },
    },
  };
}

export function epochChart(rows: EpochRow[], subtitle: string[]): TopLevelSpec {
  // The runs can coincide point for point; dashes and shapes keep both visible (one merged legend).
  const byRun = { field: 'run', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 400 } } as const;
  const panel = (metric: EpochRow['metric'], y: Record<string, unknown>) => ({
    width: 250,
    height: 200,
    transform: [{ filter: `datum.metric === '${metric}'` }],
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative' },
      y: { field: 'value', type: 'quantitative', ...y },
      color: byRun,
      strokeDash: byRun,
      shape: byRun,
      opacity: { value: 0.8 },
    },
  });
  return {
    $schema: SCHEMA,
    title: { text: 'The seed case per epoch: fit() loss and accuracy', subtitle },
    data: { values: rows },
    // The loss falls by orders of magnitude: on a linear axis every epoch after the third sits on 0.
    hconcat: [
      panel('loss', { scale: { type: 'log' }, title: 'fit() loss (log scale)' }),
      panel('accuracy', { title: 'fit() accuracy' }),
    ],
  } as TopLevelSpec;
}

/** Per run, evaluate()'s accuracy beside the training-mode accuracy of the same weights: the seed's disagreement, or its absence. */
export function modeChart(rows: ModeRow[], subtitle: string[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: { text: 'The seed case at the end of each run: evaluate() vs training-mode accuracy', subtitle },
    data: { values: rows },
    transform: [
      {
        calculate:
          "format(datum.accuracy, '.3f') + ' (loss ' + (datum.loss < 1e-3 ? format(datum.loss, '.1e') : format(datum.loss, '.3~g')) + ')'",
        as: 'label',
      },
    ],
    width: WIDTH,
    height: { step: 26 },
    encoding: {
      y: { field: 'run', type: 'nominal', title: null, sort: 'descending', axis: { labelLimit: 260 } }, // the question's run first
      yOffset: { field: 'mode', type: 'nominal', sort: ['evaluate() (inference)', 'training mode'] },
      x: {
        field: 'accuracy',
        type: 'quantitative',
        scale: { domain: [0, 1.3] },
        axis: { values: [0, 0.25, 0.5, 0.75, 1], format: '.2f' },
        title: 'accuracy on the training images',
      },
      color: {
        field: 'mode',
        type: 'nominal',
        title: null,
        sort: ['evaluate() (inference)', 'training mode'],
        scale: { range: ['#c0392b', '#2e86c1'] },
        legend: { orient: 'bottom', labelLimit: 300 },
      },
    },
    layer: [
      { mark: 'bar' },
      {
        mark: { type: 'text', align: 'left', dx: 4, fontSize: 11 },
        encoding: { text: { field: 'label', type: 'nominal' }, color: { value: '#222' } },
      },
    ],
  };
}

export function goldenBnChart(rows: GoldenBnRow[]): TopLevelSpec {
  return {
    $schema: SCHEMA,
    title: 'Where the moving statistics ended, per BN layer in network order (goldens, channel means)',
    data: { values: rows },
    // ResNet50's 53 layers and the small nets' few on one axis squeezed the small ones into a corner.
    transform: [{ calculate: "indexof(datum.golden, 'resnet50') >= 0 ? 'ResNet50' : 'small ResNets'", as: 'family' }],
    facet: {
      row: { field: 'statistic', type: 'nominal', title: null },
      column: { field: 'family', type: 'nominal', title: null },
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: WIDTH / 2,
      height: 160,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'index', type: 'quantitative', title: 'BN layer (network order)' },
        y: { field: 'value', type: 'quantitative', scale: { type: 'symlog' }, title: 'channel mean' },
        color: { field: 'golden', type: 'nominal', legend: { labelLimit: 300 } },
        tooltip: [{ field: 'layer' }, { field: 'value' }],
      },
    },
  };
}
