import { describe, expect, it } from 'vitest';
import {
  LONG_RUN_FORMAT,
  runKeyOf,
  type EpochLine,
  type LongRunConfig,
  type LongRunRecord,
} from '../experiment/long-run-record.js';
import { c10Chart, c10ChartRows, PREDICT } from '../report/c10-chart.js';
import { renderSvg } from '../report/charts.js';
import { c10ResNet50Check, SEED_EPOCHS, summarizeRun } from './c10-resnet50.js';

// Records built in memory: a run whose predict() is right from a chosen epoch on, so every figure the
// row states follows from how the record was built.

const provenance = {
  normprop: '0.1.0',
  backend: 'wasm',
  device: 'CPU',
  tfjsVersion: '4.22.0',
  threads: 1,
  kernels: { set: 'stock' as const, packages: {} },
  node: 'v20',
  machine: { cpu: 'test cpu', cores: 2, memoryGiB: 24, platform: 'linux x64' },
  at: '2026-12-04T07:00:00.000Z',
};

function record(momentum: number, seed: number, epochs: number, rightFrom: number | null): LongRunRecord {
  const config: LongRunConfig = {
    momentum,
    seed,
    size: 197,
    stages: [3, 4, 6, 3],
    width: 64,
    epsilon: 1.001e-5,
    learningRate: 1e-3,
    images: {
      source: 'folder',
      folder: 'src/data/default-images',
      images: [1, 2, 3].map((i) => ({ name: `${i}.png`, sha256: String(i) })),
    },
  };
  const lines: EpochLine[] = Array.from({ length: epochs }, (_, i) => {
    const right = rightFrom !== null && i + 1 >= rightFrom;
    return {
      kind: 'epoch',
      epoch: i + 1,
      loss: 1e-6,
      trainAcc: 1,
      predict: [],
      classes: right ? [0, 1, 2] : [0, 0, 0],
      correct: right ? 3 : 1,
      predictLoss: right ? 0.01 : 10.7,
      gap: {},
      seconds: 3,
    };
  });
  return {
    file: `${runKeyOf(config)}.jsonl`,
    header: {
      format: LONG_RUN_FORMAT,
      claim: 'C10-momentum-099-needs-many-updates',
      runKey: runKeyOf(config),
      config,
      provenance,
    },
    epochs: lines,
    resumes: [],
    tornTail: false,
  };
}

describe("C10's ResNet50 row, read from stored long runs", () => {
  it('a run right from epoch k on (and run long enough) is stable from k; one stopped early is unfinished, one that ran 1000 epochs without is not stable', () => {
    expect(summarizeRun(record(0.99, 1, 300, 250))).toMatchObject({
      stableFrom: 250,
      status: 'stable',
      firstCorrect: 250,
    });
    expect(summarizeRun(record(0.99, 2, 260, 250))).toMatchObject({
      stableFrom: null,
      status: 'unfinished',
      firstCorrect: 250,
    });
    expect(summarizeRun(record(0.99, 3, SEED_EPOCHS, null))).toMatchObject({
      stableFrom: null,
      status: `not stable within ${SEED_EPOCHS}`,
    });
  });

  it("counts finished runs only in k/n, lists the unfinished, and states the seed's figure beside the measured ones", () => {
    const records = [
      record(0.99, 1, 300, 250),
      record(0.99, 2, 400, 380),
      record(0.99, 3, 100, null),
      record(0.9, 1, 60, 30),
    ];
    const row = c10ResNet50Check(records, 0.99, { replay: 'npx vitest run x' })!;
    expect(row.verdict).toBe('measured');
    expect(row.runs).toBe(3);
    expect(row.rate).toMatchObject({ k: 2, n: 2 });
    expect(row.measured).toMatchObject({
      median: 315,
      min: 250,
      max: 380,
      seedClaimed: expect.stringContaining('1000 epochs'),
    });
    expect(row.measured!.unfinished).toEqual([expect.stringMatching(/seed3.*within the 100 epochs run so far/)]);
    expect(row.model).toMatch(/^ResNet50/);
    expect(row.measured!.summary).toMatch(
      /correct after 1000 epochs.*weights seed 1: right from epoch 250 on .*weights seed 3: not stable within the 100 epochs run so far/,
    );
    expect(c10ResNet50Check(records, 0.5, { replay: 'r' })).toBeUndefined();
  });

  it('with no finished run the row states the censored figures and no k/n; with no epoch at all it is inconclusive', () => {
    const row = c10ResNet50Check([record(0.99, 1, 50, null)], 0.99, { replay: 'r' })!;
    expect(row.verdict).toBe('measured');
    expect(row.rate).toBeUndefined();
    expect(row.measured!.unfinished).toEqual([expect.stringContaining('not stable within the 50 epochs run so far')]);
    expect(c10ResNet50Check([record(0.99, 1, 0, null)], 0.99, { replay: 'r' })!.verdict).toBe('inconclusive');
  });

  it('the chart keeps each accuracy change (drawn as steps) and marks the first stable epoch; it renders', async () => {
    const rows = c10ChartRows([record(0.99, 1, 40, 10)]);
    // predict() is right from epoch 10 on: the first epoch, the change at 10, and the last.
    expect(rows.filter((r) => r.series === PREDICT).map((r) => [r.epoch, r.value])).toEqual([
      [1, 1 / 3],
      [10, 1],
      [40, 1],
    ]);
    expect(rows.filter((r) => r.series === 'stable')).toEqual([expect.objectContaining({ epoch: 10 })]);
    const svg = await renderSvg(c10Chart(rows, ['test']));
    expect(svg).toContain('stable from 10');
  });
});
