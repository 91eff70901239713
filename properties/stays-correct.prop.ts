// C10 under full training: the seed says predict() "is correct after 1000 epochs". Here the weights and
// the moving statistics both move, as in the seed; the first epoch from which predict() stays correct
// for 20 epochs in a row is measured at momentum 0.9 and 0.99 on the small family, next to m^k.
// (The frozen-weights figure in bn-layer.prop.ts measures the moving statistics alone; it is not a bound on this one.)
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelShape } from '../src/arbitraries/configs.js';
import { datasetCase } from '../src/arbitraries/dataset-cases.js';
import { selectClaimBackend } from '../src/backend/claim-backend.js';
import { c10ResNet50Check } from '../src/claims/c10-resnet50.js';
import { readLongRunRecords } from '../src/experiment/long-run-record.js';
import { assertExpectedVerdict, checkClaim } from '../src/claims/check-claim.js';
import { storeCheckResult } from '../src/claims/ledger-store.js';
import { C10_RECORDS_DIR } from '../src/settings.js';
import { assertNotDiverged } from '../src/claims/diverged-run.js';
import { closestPair, MIN_IMAGE_DISTANCE } from '../src/data/distance.js';
import { traceStaysCorrect } from '../src/experiment/stays-correct.js';
import { warmUpTraining } from '../src/experiment/warm-up.js';
import { spread } from '../src/stats/spread.js';
import { batchFromRecipes } from './support/pictures.js';

const WINDOW = 20;
const MAX_EPOCHS = 600;

beforeAll(async () => {
  await selectClaimBackend();
});

describe('C10 under full training', () => {
  for (const momentum of [0.9, 0.99]) {
    it(`momentum ${momentum}: first epoch from which predict() stays correct for ${WINDOW} epochs`, async () => {
      const stableFrom: (number | null)[] = [];
      const property = fc.asyncProperty(
        datasetCase({ model: modelShape({ maxStages: 1, maxWidth: 4 }) }),
        async (c) => {
          const batch = await batchFromRecipes(c.recipes, c.model.inputSize);
          fc.pre(closestPair(batch).distance >= MIN_IMAGE_DISTANCE);
          // A diverged run's NaN outputs would read as 'never correct': checkClaim reports 'diverged' instead.
          const trace = assertNotDiverged(
            await traceStaysCorrect(
              batch,
              {
                stages: c.model.stages,
                width: c.model.width,
                normMomentum: momentum,
                normEpsilon: 1.001e-5,
                seed: c.seed,
              },
              { learningRate: 3e-3, maxEpochs: MAX_EPOCHS, window: WINDOW },
            ),
          );
          stableFrom.push(trace.stableFrom);
        },
      );
      const measured = () => {
        const found = stableFrom.filter((k): k is number => k !== null);
        const s = found.length ? spread(found) : undefined;
        return {
          n: stableFrom.length,
          // Runs that never stayed correct within MAX_EPOCHS are censored, not dropped.
          notWithinMaxEpochs: stableFrom.length - found.length,
          maxEpochs: MAX_EPOCHS,
          stableFromPerRun: stableFrom,
          ...(s ? { median: s.median, min: s.min, max: s.max, mToTheMedian: momentum ** s.median } : {}),
        };
      };
      const result = await checkClaim(
        'C10-momentum-099-needs-many-updates',
        `full training, momentum ${momentum}: first epoch predict() stays correct ${WINDOW} epochs`,
        property,
        {
          numRuns: 3,
          minRuns: 3,
          timeLimitMs: 90_000,
          caseTimeoutMs: 80_000,
          warmUp: () => warmUpTraining(),
          maxDiscardShare: 0.2,
          model: 'small ResNet family: 1 stage of 1-2 bottleneck blocks, width 2-4, 33-48 px',
          measured,
        },
      );
      assertExpectedVerdict(result);
      expect(stableFrom.length).toBeGreaterThanOrEqual(3);
    });
  }
});

// The same on the seed case's ResNet50, read from the long runs `npm run measure:c10` stored
// (measurements/c10-resnet50/): hours of training each, so they are records, not a property run here.
describe('C10 under full training on ResNet50 (stored records)', () => {
  for (const momentum of [0.99, 0.9]) {
    const name = `ResNet50 seed case, momentum ${momentum}: first stable epochs read from the stored runs`;
    it(name, async (context) => {
      const records = await readLongRunRecords(C10_RECORDS_DIR);
      const replay = `npx vitest run properties/stays-correct.prop.ts -t "momentum ${momentum}: first stable"  # re-measure: npm run measure:c10 -- --momentum ${momentum} --seed SEED`;
      const result = c10ResNet50Check(records, momentum, { replay });
      if (!result) {
        context.skip(`no stored ResNet50 run at momentum ${momentum} in ${C10_RECORDS_DIR}`);
        return;
      }
      await storeCheckResult(result);
      assertExpectedVerdict(result);
      // Every run the row lists is one of the records read, and each stable epoch is a real epoch of its run.
      const perRun = result.measured!.stableFromPerRun as { stableFrom: number | null; epochsRun: number }[];
      expect(perRun.length).toBe(records.filter((r) => r.header.config.momentum === momentum).length);
      for (const r of perRun) if (r.stableFrom !== null) expect(r.stableFrom).toBeLessThanOrEqual(r.epochsRun);
    });
  }
});
