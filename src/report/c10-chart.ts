import type { TopLevelSpec } from 'vega-lite';
import { summarizeRun, WINDOW } from '../claims/c10-resnet50.js';
import type { LongRunRecord } from '../experiment/long-run-record.js';

/**
 * C10 on ResNet50, one panel per stored long run: predict()'s accuracy (inference mode: the moving
 * statistics), fit()'s accuracy (training mode: batch statistics), and m^k, the weight the initial
 * moving statistics still have after k updates; the first epoch of WINDOW right predictions marked.
 */

export interface C10ChartRow {
  run: string;
  epoch: number;
  series: string;
  value: number;
}

export const PREDICT = 'predict() accuracy (moving statistics)';
export const FIT = 'fit() accuracy (batch statistics)';
export const M_TO_THE_K = 'm^k (weight left on the initial 0 and 1)';
const STABLE = 'stable';

const runLabel = (r: LongRunRecord) => {
  const c = r.header.config;
  const images =
    c.images.source === 'generated' ? `generated images (seed ${c.images.generatorSeed})` : 'shipped images';
  return `momentum ${c.momentum}, weights seed ${c.seed}, ${images}`;
};

export function c10ChartRows(records: LongRunRecord[]): C10ChartRow[] {
  return records.flatMap((record) => {
    const run = runLabel(record);
    const m = record.header.config.momentum;
    const n = record.header.config.images.images.length;
    const last = record.epochs.length;
    // Drawn as steps, so a point where neither accuracy changes adds nothing: only the changes are
    // kept (and the ends), and m^k every 10 epochs; a 1000-epoch run stays a small SVG.
    const rows = record.epochs.flatMap((e, i) => {
      const before = record.epochs[i - 1];
      const ends = i === 0 || e.epoch === last;
      return [
        ...(ends || before.correct !== e.correct
          ? [{ run, epoch: e.epoch, series: PREDICT, value: e.correct / n }]
          : []),
        ...(ends || before.trainAcc !== e.trainAcc ? [{ run, epoch: e.epoch, series: FIT, value: e.trainAcc }] : []),
        ...(ends || e.epoch % 10 === 0 ? [{ run, epoch: e.epoch, series: M_TO_THE_K, value: m ** e.epoch }] : []),
      ];
    });
    const k = summarizeRun(record).stableFrom;
    return k === null ? rows : [...rows, { run, epoch: k, series: STABLE, value: 1 }];
  });
}

const PREDICT_OR_FIT = `datum.series === '${PREDICT}' || datum.series === '${FIT}'`;

const line = (filter: string, mark: Record<string, unknown>) => ({
  transform: [{ filter }],
  mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5, ...mark },
  encoding: {
    x: { field: 'epoch', type: 'quantitative', title: 'epoch (one full batch, one update of the moving statistics)' },
    y: { field: 'value', type: 'quantitative', title: null, scale: { domain: [0, 1] } },
    color: {
      field: 'series',
      type: 'nominal',
      title: null,
      scale: { domain: [PREDICT, FIT, M_TO_THE_K], range: ['#1f4fa0', '#d08a00', '#777777'] },
      legend: { orient: 'bottom', direction: 'vertical', labelLimit: 500 },
    },
  },
});

export function c10Chart(rows: C10ChartRow[], subtitle: string[]): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: 'C10 on ResNet50: predict() against fit() per epoch, under full training', subtitle },
    data: { values: rows },
    facet: {
      row: {
        field: 'run',
        type: 'nominal',
        title: null,
        header: { labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold' },
      },
    },
    spec: {
      width: 520,
      height: 110,
      layer: [
        line(PREDICT_OR_FIT, {}),
        // m^k dashed: a law, not a measurement.
        line(`datum.series === '${M_TO_THE_K}'`, { strokeDash: [5, 3], interpolate: 'linear' }),
        {
          transform: [{ filter: `datum.series === '${STABLE}'` }],
          mark: { type: 'rule', color: '#a11', strokeWidth: 2 },
          encoding: { x: { field: 'epoch', type: 'quantitative' } },
        },
        {
          transform: [
            { filter: `datum.series === '${STABLE}'` },
            { calculate: "'stable from ' + datum.epoch", as: 'label' },
          ],
          mark: { type: 'text', align: 'left', dx: 4, dy: -40, color: '#a11' },
          encoding: { x: { field: 'epoch', type: 'quantitative' }, text: { field: 'label' } },
        },
      ],
    },
  } as TopLevelSpec;
}

export const c10ChartSubtitle = (records: LongRunRecord[]): string[] => [
  `From ${records.length} stored run(s) of npm run measure:c10 (measurements/c10-resnet50/). Red line: the first epoch from which predict() was right ${WINDOW} epochs in a row.`,
  "fit()'s accuracy is its training-mode forward pass on the weights before each step.",
  'The seed says predictions are correct "after 1000 epochs".',
];
