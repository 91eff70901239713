// Checks every canonical experiment against its stored golden (golden/<name>.json) on the backend
// this run uses (NORMPROP_BACKEND, default auto). A missing golden is written and fails; a mismatch
// writes <name>.obtained.json and fails; reports/golden-diff.{md,html} say what moved.
import { beforeAll, describe, expect, it } from 'vitest';
import { backendRequestFrom, selectBackend, type BackendInfo } from '../src/backend/select.js';
import { CANONICAL_EXPERIMENTS, runCanonical } from '../src/golden/canonical.js';
import { checkGolden } from '../src/golden/check.js';
import { goldenOutcomes } from '../src/golden/outcome-store.js';
import { staleGoldens } from '../src/golden/stale.js';

let backend: BackendInfo;
beforeAll(async () => {
  backend = await selectBackend(backendRequestFrom(undefined));
});

describe('goldens', () => {
  for (const experiment of CANONICAL_EXPERIMENTS) {
    it(`${experiment.name}: ${experiment.description}`, { timeout: 900_000 }, async () => {
      const obtained = await runCanonical(experiment, backend);
      const outcome = await checkGolden(obtained, 'check');
      await goldenOutcomes().write(outcome.name, outcome);
      expect(outcome.failed, outcome.message).toBe(false);
    });
  }

  it('every golden file is made by a canonical experiment (a stale one would look like coverage and check nothing)', async () => {
    const stale = await staleGoldens(CANONICAL_EXPERIMENTS.map((e) => e.name));
    expect(stale, `golden/ holds goldens no canonical experiment produces: ${stale.join(', ')}; delete them or restore their experiments`).toEqual([]);
  });
});
