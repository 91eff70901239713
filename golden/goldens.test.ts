// Checks every canonical experiment against its stored golden (golden/<name>.json) on the backend
// this run uses (NORMPROP_BACKEND, default auto). A missing golden is written and fails; a mismatch
// writes <name>.obtained.json and fails; reports/golden-diff.{md,html} say what moved.
import { beforeAll, describe, expect, it } from 'vitest';
import { kernelSetFrom } from '../src/backend/kernel-set-choice.js';
import { backendRequestFrom, selectBackend, type BackendInfo } from '../src/backend/select.js';
import { CANONICAL_EXPERIMENTS, runCanonicalExperiment } from '../src/experiment/canonical-experiments.js';
import { canonicalRecord } from '../src/golden/canonical-record.js';
import { assertExpectedVerdict } from '../src/claims/check-claim.js';
import { storeCheckResult } from '../src/claims/ledger-store.js';
import type { ClaimCheckResult } from '../src/claims/result.js';
import { seedCaseChecks } from '../src/claims/seed-case-checks.js';
import { closestPair } from '../src/data/distance.js';
import { checkGolden } from '../src/golden/check.js';
import { goldenOutcomes } from '../src/golden/outcome-store.js';
import { staleGoldens } from '../src/golden/stale.js';

const SEED_CASE = 'seed-case-resnet50';
let backend: BackendInfo;
// The goldens, the ResNet50 seed case among them, are recorded and checked on normprop's accelerated
// kernels unless NORMPROP_KERNELS says stock (golden:update's default too); each record names its set.
beforeAll(async () => {
  backend = await selectBackend(backendRequestFrom(undefined), { kernels: kernelSetFrom(undefined, 'normprop') });
});

describe('goldens', () => {
  for (const experiment of CANONICAL_EXPERIMENTS) {
    it(`${experiment.name}: ${experiment.description}`, { timeout: 900_000 }, async () => {
      // The seed case's ResNet50 run also feeds the ledger's checks of C05-C09: read from this same run, never trained again.
      const claimChecks: ClaimCheckResult[] = [];
      const trace = await runCanonicalExperiment(experiment);
      if (experiment.name === SEED_CASE) {
        // One line that pastes into bash (the issue-14 rule): the alternative rides along as a comment.
        const replay = `npx vitest run golden/goldens.test.ts -t ${SEED_CASE}  # or: npm run repro`;
        claimChecks.push(
          ...seedCaseChecks({
            result: trace.result,
            minImageDistance: closestPair(trace.batch).distance,
            backend: backend.name,
            kernels: backend.kernels,
            seed: experiment.config.seed,
            replay,
            interventions: trace.interventions,
          }),
        );
        for (const c of claimChecks) await storeCheckResult(c);
      }
      const obtained = canonicalRecord(experiment, trace, backend);
      const outcome = await checkGolden(obtained, 'check');
      await goldenOutcomes().write(outcome.name, outcome);
      expect(outcome.failed, outcome.message).toBe(false);
      for (const c of claimChecks) assertExpectedVerdict(c);
    });
  }

  it('every golden file is made by a canonical experiment (a stale one would look like coverage and check nothing)', async () => {
    const stale = await staleGoldens(CANONICAL_EXPERIMENTS.map((e) => e.name));
    expect(
      stale,
      `golden/ holds goldens no canonical experiment produces: ${stale.join(', ')}; delete them or restore their experiments`,
    ).toEqual([]);
  });
});
