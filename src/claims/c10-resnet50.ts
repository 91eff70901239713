import { describeKernels } from '../backend/kernel-provenance.js';
import { stableFrom, type LongRunRecord } from '../experiment/long-run-record.js';
import { rate } from '../stats/clopper-pearson.js';
import { spread } from '../stats/spread.js';
import { claimById } from './catalog.js';
import type { ClaimCheckResult } from './result.js';
import { verdictOf } from './verdict-of.js';

/**
 * C10 on the seed case's ResNet50, read from the long runs `npm run measure:c10` stored (hours each
 * on a CPU, so never run inside npm test). The seed's answer says predictions are "correct after 1000
 * epochs"; each run says from which epoch predict() stayed right WINDOW epochs in a row, or that it
 * did not within the epochs it ran. Every figure is computed here from the records' epoch lines.
 */

const CLAIM = 'C10-momentum-099-needs-many-updates';
/** The seed's figure. */
export const SEED_EPOCHS = 1000;
export const WINDOW = 20;
/** The seed case's images, as a record names their folder (relative to the project root). */
const SHIPPED_IMAGES = 'src/data/default-images';

export interface RunSummary {
  runKey: string;
  images: string;
  seed: number;
  epochsRun: number;
  firstCorrect: number | null;
  stableFrom: number | null;
  /** stable: right WINDOW in a row; not within 1000: ran 1000 epochs without; unfinished: stopped before either. */
  status: 'stable' | `not stable within ${number}` | 'unfinished';
  mToTheStableFrom?: number;
  /** The machine and backend the run started on. */
  machine: string;
}

export function summarizeRun(record: LongRunRecord, window = WINDOW): RunSummary {
  const { header, epochs } = record;
  const n = header.config.images.images.length;
  const right = epochs.map((e) => e.correct === n);
  const k = stableFrom(right, window);
  const firstCorrect = right.indexOf(true);
  const p = header.provenance;
  const images = header.config.images;
  return {
    runKey: header.runKey,
    images:
      images.source === 'generated'
        ? `generated images (seed ${images.generatorSeed})`
        : images.folder === SHIPPED_IMAGES
          ? 'the shipped images'
          : `the images of ${images.folder ?? 'a folder'}`,
    seed: header.config.seed,
    epochsRun: epochs.length,
    firstCorrect: firstCorrect < 0 ? null : firstCorrect + 1,
    stableFrom: k,
    status:
      k !== null
        ? 'stable'
        : epochs.length >= SEED_EPOCHS || epochs.at(-1)?.diverged
          ? `not stable within ${epochs.length}`
          : 'unfinished',
    ...(k !== null ? { mToTheStableFrom: header.config.momentum ** k } : {}),
    machine: `${p.machine.cpu}, ${p.machine.cores} cores, ${p.backend}${p.threads ? ` (${p.threads} thread${p.threads > 1 ? 's' : ''})` : ''}, ${describeKernels(p.kernels)}`,
  };
}

const runSentence = (r: RunSummary) =>
  `${r.images}, weights seed ${r.seed}: ${
    r.stableFrom !== null
      ? `right from epoch ${r.stableFrom} on (${WINDOW} in a row; m^k = ${r.mToTheStableFrom!.toPrecision(2)})`
      : r.status === 'unfinished'
        ? `not stable within the ${r.epochsRun} epochs run so far`
        : `not stable within ${r.epochsRun} epochs`
  }`;

/**
 * One ledger check per momentum: the runs' first stable epochs against the seed's 1000, and the share
 * of finished runs (stable, or 1000 epochs run) stable within 1000 epochs (k of n, exact interval).
 * Unfinished runs are listed with the epochs they ran, never counted in k/n.
 */
export function c10ResNet50Check(
  records: LongRunRecord[],
  momentum: number,
  facts: { replay: string; seconds?: number },
): ClaimCheckResult | undefined {
  const mine = records.filter((r) => r.header.config.momentum === momentum);
  if (mine.length === 0) return undefined;
  const runs = mine.map((r) => summarizeRun(r));
  const finished = runs.filter((r) => r.status !== 'unfinished');
  const withinSeed = finished.filter((r) => r.stableFrom !== null && r.stableFrom + WINDOW - 1 <= SEED_EPOCHS);
  const stable = runs.flatMap((r) => (r.stableFrom === null ? [] : [r.stableFrom]));
  const s = stable.length ? spread(stable) : undefined;
  const first = mine[0].header;
  const c = first.config;
  const model = `ResNet50 (stages ${c.stages.join(',')}, width ${c.width}, ${c.size}x${c.size}x1), the seed case's 3 images (or generated ones), one full batch an epoch, Adam ${c.learningRate}`;
  // A run still short of 1000 epochs and not yet stable is a censored figure ("not stable within E"),
  // measured all the same; only the k/n share waits for finished runs.
  const measuredRuns = runs.filter((r) => r.epochsRun > 0);
  const verdict = verdictOf(claimById(CLAIM), { runs: measuredRuns.length, minRuns: 1 });
  const dates = [
    ...new Set(mine.flatMap((r) => [r.header.provenance.at, ...r.resumes.map((x) => x.provenance.at)])),
  ].sort();
  return {
    claimId: CLAIM,
    check: `ResNet50 seed case, full training, momentum ${momentum}: first epoch predict() stays correct ${WINDOW} epochs (stored records)`,
    verdict,
    runs: measuredRuns.length,
    minRuns: 1,
    seed: c.seed,
    replay: facts.replay,
    model,
    backend: first.provenance.backend,
    kernels: first.provenance.kernels,
    ...(finished.length ? { rate: rate(withinSeed.length, finished.length) } : {}),
    measured: {
      summary: `The seed: predictions "correct after ${SEED_EPOCHS} epochs" (momentum 0.99). Measured at momentum ${momentum}: ${runs.map(runSentence).join('; ')}.`,
      seedClaimed: `correct after ${SEED_EPOCHS} epochs (momentum 0.99)`,
      stableFromPerRun: runs.map((r) => ({
        run: r.runKey,
        stableFrom: r.stableFrom,
        firstCorrect: r.firstCorrect,
        epochsRun: r.epochsRun,
        status: r.status,
        ...(r.mToTheStableFrom !== undefined ? { mToTheStableFrom: r.mToTheStableFrom } : {}),
      })),
      ...(s ? { median: s.median, min: s.min, max: s.max, mToTheMedian: momentum ** s.median } : {}),
      stableWithinSeedEpochs: `${withinSeed.length} of ${finished.length} finished runs`,
      unfinished: runs
        .filter((r) => r.status === 'unfinished')
        .map(
          (r) =>
            `${r.runKey}: not stable within the ${r.epochsRun} epochs run so far (npm run measure:c10 carries it on)`,
        ),
      // Epoch lines carry no clock: the record dates each process that ran the run (start and each resume).
      runsStarted: dates,
      machines: [...new Set(runs.map((r) => r.machine))],
    },
    seconds: facts.seconds ?? 0,
  };
}
