import type { ClaimCheckResult } from '../claims/result.js';
import type { CollapseCase, GapSeries, MovingStatsSeries } from '../experiment/trace-series.js';
import { ANSWER_RUN_FIELDS } from '../golden/canonical-record.js';
import type { GoldenRecord } from '../golden/record.js';

/**
 * Turns stored results into the flat rows the charts plot. Pure: the report reads what the checks,
 * the goldens and the repro stored, and never runs an experiment.
 */

type Series = { gap?: GapSeries[]; movingStats?: MovingStatsSeries[]; collapse?: CollapseCase[] };

function seriesOf(results: ClaimCheckResult[]): { result: ClaimCheckResult; series: Series }[] {
  return results.flatMap((result) => {
    const series = result.measured?.series;
    return series && typeof series === 'object' ? [{ result, series: series as Series }] : [];
  });
}

export interface GapRow {
  case: string;
  k: number;
  /** gap after k updates over the gap after the first: the law predicts m^(k-1). */
  relativeGap: number;
}

/** The frozen-ResNet gap against k, each case scaled by its first gap so all sit next to m^(k-1). */
export function gapRows(results: ClaimCheckResult[]): { rows: GapRow[]; momenta: number[] } {
  const rows: GapRow[] = [];
  const momenta = new Set<number>();
  for (const { series } of seriesOf(results)) {
    (series.gap ?? []).forEach((g, i) => {
      const first = g.points[0]?.[1];
      if (!first) return;
      momenta.add(g.momentum);
      for (const [k, gap] of g.points)
        rows.push({ case: `case ${i + 1} (m = ${g.momentum})`, k, relativeGap: gap / first });
    });
  }
  return { rows, momenta: [...momenta] };
}

export interface LawRow {
  k: number;
  law: number;
  label: string;
}

export function lawRows(momenta: number[], maxK: number): LawRow[] {
  return momenta.flatMap((m) =>
    Array.from({ length: Math.max(2, Math.min(maxK, 600)) }, (_, i) => ({
      k: i + 1,
      law: m ** i,
      label: `m^(k-1), m = ${m}`,
    })),
  );
}

/** Every trained model that recorded whether inference collapsed to one class, with the check that ran it. */
export function collapseRows(
  results: ClaimCheckResult[],
): (CollapseCase & { check: string; collapsedValue: number })[] {
  return seriesOf(results).flatMap(({ result, series }) =>
    (series.collapse ?? []).map((c) => ({
      ...c,
      check: result.claimId.split('-')[0],
      collapsedValue: c.collapsed ? 1 : 0,
    })),
  );
}

export interface MovingStatsRow {
  layer: string;
  k: number;
  statistic: 'moving mean' | 'moving variance';
  value: number;
}

/** The first recorded frozen-ResNet case: one line per BN layer and statistic. */
export function movingStatsRows(results: ClaimCheckResult[]): MovingStatsRow[] {
  const first = seriesOf(results).flatMap(({ series }) => series.movingStats ?? [])[0];
  if (!first) return [];
  return first.layers.flatMap(({ layer, points }) =>
    points.flatMap(([k, mean, variance]) => [
      { layer, k, statistic: 'moving mean' as const, value: mean },
      { layer, k, statistic: 'moving variance' as const, value: variance },
    ]),
  );
}

export interface EpochRow {
  run: string;
  epoch: number;
  metric: 'loss' | 'accuracy';
  value: number;
}

interface Evaluation {
  loss: number;
  acc: number;
}
/** What the page plots of one run of the seed experiment. */
export interface RunEpochs {
  momentum: number;
  epochs: { epoch: number; loss: number; acc: number }[];
  /** evaluate() (inference mode, moving statistics) and the same weights evaluated in training mode, at the end of the run (older records may lack them). */
  evaluate?: Evaluation;
  trainingModeEvaluate?: Evaluation;
}
/** The two runs of the repro's record (repro-file.ts) or of the seed-case golden; the answer's may be absent. */
export interface ReproEpochs {
  question: RunEpochs;
  answer?: RunEpochs;
}

/** The runs of a record, named as the plots label them. */
function namedRuns(record: ReproEpochs): { run: string; r: RunEpochs }[] {
  const runs = [{ run: `question's run (momentum ${record.question.momentum})`, r: record.question }];
  if (record.answer) runs.push({ run: `answer's run (momentum ${record.answer.momentum})`, r: record.answer });
  return runs;
}

export interface ModeRow {
  run: string;
  mode: 'evaluate() (inference)' | 'training mode';
  accuracy: number;
  loss: number;
}

/**
 * The repro's story in one picture: per run, evaluate()'s accuracy next to the training-mode
 * accuracy of the same weights (what fit() reports). Runs without both evaluations are left out.
 */
export function reproModeRows(record: ReproEpochs): ModeRow[] {
  return namedRuns(record).flatMap(({ run, r }) =>
    r.evaluate && r.trainingModeEvaluate
      ? [
          { run, mode: 'evaluate() (inference)' as const, accuracy: r.evaluate.acc, loss: r.evaluate.loss },
          {
            run,
            mode: 'training mode' as const,
            accuracy: r.trainingModeEvaluate.acc,
            loss: r.trainingModeEvaluate.loss,
          },
        ]
      : [],
  );
}

export function reproEpochRows(record: ReproEpochs): EpochRow[] {
  return namedRuns(record).flatMap(({ run, r }) =>
    r.epochs.flatMap((e) => [
      { run, epoch: e.epoch, metric: 'loss' as const, value: e.loss },
      { run, epoch: e.epoch, metric: 'accuracy' as const, value: e.acc },
    ]),
  );
}

/**
 * fit() reports training-mode figures, which use batch statistics: the BN momentum cannot change
 * them, so the two runs' common epochs can be equal. Said in words when they are, since one line
 * then hides the other.
 */
export function coincidingEpochs(record: ReproEpochs): number {
  const [one, other] = [record.question.epochs, record.answer?.epochs ?? []];
  let n = 0;
  while (n < one.length && n < other.length && one[n].loss === other[n].loss && one[n].acc === other[n].acc) n++;
  return n;
}

/** The seed-case golden holds the same two runs' per-epoch figures: the fallback when no repro ran. */
export function goldenEpochs(golden: GoldenRecord): ReproEpochs | undefined {
  const f = golden.fields;
  const epochs = (prefix: string) => {
    const loss = f[`${prefix}.epochs.loss`];
    const acc = f[`${prefix}.epochs.acc`];
    if (!Array.isArray(loss) || !Array.isArray(acc)) return undefined;
    return loss.map((l, i) => ({ epoch: i + 1, loss: Number(l), acc: Number(acc[i]) }));
  };
  const evaluation = (key: string): Evaluation | undefined => {
    const [loss, acc] = [f[`${key}.loss`], f[`${key}.acc`]];
    return typeof loss === 'number' && typeof acc === 'number' ? { loss, acc } : undefined;
  };
  const ends = (prefix: string) => {
    const [evaluate, trainingModeEvaluate] = [
      evaluation(`${prefix}.evaluate`),
      evaluation(`${prefix}.trainingModeEvaluate`),
    ];
    return evaluate && trainingModeEvaluate ? { evaluate, trainingModeEvaluate } : {};
  };
  const run = epochs('run');
  if (!run) return undefined;
  const config = golden.provenance.config as { momentum?: number; fixMomentum?: number };
  const fix = epochs(ANSWER_RUN_FIELDS);
  return {
    question: { momentum: config.momentum ?? NaN, epochs: run, ...ends('run') },
    ...(fix ? { answer: { momentum: config.fixMomentum ?? NaN, epochs: fix, ...ends(ANSWER_RUN_FIELDS) } } : {}),
  };
}

export interface GoldenBnRow {
  golden: string;
  index: number;
  layer: string;
  statistic: 'moving mean' | 'moving variance';
  /** The channel mean of the statistic at the end of the question's run. */
  value: number;
}

/** Per golden, per BN layer in network order: where the moving statistics ended. */
export function goldenBnRows(goldens: GoldenRecord[]): GoldenBnRow[] {
  return goldens.flatMap((g) => {
    const rows: GoldenBnRow[] = [];
    let index = 0;
    for (const [field, value] of Object.entries(g.fields)) {
      const m = /^run\.bn\.(.+)\.(movingMean|movingVariance)$/.exec(field);
      if (!m || !Array.isArray(value)) continue;
      if (m[2] === 'movingMean') index++;
      rows.push({
        golden: g.name,
        index,
        layer: m[1],
        statistic: m[2] === 'movingMean' ? 'moving mean' : 'moving variance',
        value: Number(value[0]),
      });
    }
    return rows;
  });
}
