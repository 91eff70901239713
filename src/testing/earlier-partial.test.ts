// Partial runs accumulate in reports/partial/: earlier results join a run's own, its own win, and an
// earlier part that no longer reads is left out (and left where it is).
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCheckResults, storeCheckResult } from '../claims/ledger-store.js';
import type { ClaimCheckResult } from '../claims/result.js';
import { checkResultShape } from '../report/part-schemas.js';
import { keepEarlierPartial } from './earlier-partial.js';

const row = (claimId: string, check: string, verdict: ClaimCheckResult['verdict']): ClaimCheckResult => ({
  claimId,
  check,
  verdict,
  runs: 5,
  minRuns: 5,
  seed: 1,
  replay: 'npx vitest run x',
  seconds: 1,
});

describe('earlier partial results', () => {
  it("join a partial run's own (its own win), dated; an unreadable one is left out and kept on disk", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'normprop-earlier-'));
    const [earlier, run] = [path.join(root, 'earlier'), path.join(root, 'run')];
    await storeCheckResult(row('C01-bn-batch-vs-moving', 'exact per layer', 'holds'), earlier);
    await storeCheckResult(row('C11-accuracy-is-correct-over-total', 'any predictions', 'regressed'), earlier);
    const stranger = path.join(earlier, 'C99-gone--x.json');
    await writeFile(stranger, JSON.stringify({ ...row('C01-bn-batch-vs-moving', 'x', 'holds'), claimId: 'C99-gone' }));
    await storeCheckResult(row('C11-accuracy-is-correct-over-total', 'any predictions', 'holds'), run);
    const { kept, skipped } = await keepEarlierPartial(earlier, run, checkResultShape);
    expect(kept).toBe(1);
    expect(skipped).toEqual([expect.stringMatching(/C99-gone--x\.json \(.*claim the catalog does not have/)]);
    const rows = Object.fromEntries((await readCheckResults(run)).map((r) => [r.claimId, r]));
    expect(rows['C11-accuracy-is-correct-over-total'].verdict).toBe('holds');
    expect(rows['C01-bn-batch-vs-moving'].verdict).toBe('holds');
    expect(rows['C01-bn-batch-vs-moving'].date).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(JSON.parse(await readFile(stranger, 'utf8')).claimId).toBe('C99-gone');
  });
});
