import { describe, expect, it } from 'vitest';
import { CLAIMS } from '../claims/catalog.js';
import type { ClaimCheckResult } from '../claims/result.js';
import { rate } from '../stats/clopper-pearson.js';
import { ledgerHtml } from './ledger-html.js';
import { buildLedger, ledgerMarkdown } from './ledger-report.js';

const result = (claimId: string, check: string, verdict: ClaimCheckResult['verdict'], extra: Partial<ClaimCheckResult> = {}): ClaimCheckResult => ({
  claimId, check, verdict, runs: 10, minRuns: 10, seed: 1, replay: 'NORMPROP_SEED=1 npx vitest run x', seconds: 1, ...extra,
});

describe('the claims ledger', () => {
  it('lists every claim of the catalog, opinions as not testable and unchecked claims as not run', () => {
    const ledger = buildLedger(CLAIMS, [result('C01-bn-batch-vs-moving', 'a', 'holds')]);
    expect(ledger.rows.map((r) => r.claim.id)).toEqual(CLAIMS.map((c) => c.id));
    const verdict = (id: string) => ledger.rows.find((r) => r.claim.id === id)!.verdict;
    expect(verdict('C01-bn-batch-vs-moving')).toBe('holds');
    expect(verdict('O1-70-to-90-percent-is-ideal')).toBe('not testable');
    expect(verdict('C06-fit-accuracy-means-predict-correct')).toBe('not run');
    expect(ledger.failing).toEqual([]);
  });

  it('a claim with one regressed check among passing ones is failing, and the Markdown says so with the counterexample', () => {
    const ledger = buildLedger(CLAIMS, [
      result('C04-inference-converges-to-training', 'one layer', 'regressed', { counterexample: '[{"shape":[2,1]},0.5]', shrinks: 7 }),
      result('C04-inference-converges-to-training', 'frozen ResNet', 'holds'),
      result('C06-fit-accuracy-means-predict-correct', 'last epoch', 'refuted', { counterexample: '[{"epochs":3}]', shrinks: 12 }),
    ]);
    expect(ledger.failing).toEqual(['C04-inference-converges-to-training']);
    const md = ledgerMarkdown(ledger);
    expect(md).toContain('**Failing: C04-inference-converges-to-training.');
    expect(md).toContain('counterexample (shrunk 12x): `[{"epochs":3}]`');
    expect(md).toContain('**refuted** (last epoch)');
  });

  it('a rate is shown as "k/n (95% CI lo-hi)", a witness by its figures, and each check names its model and backend, in Markdown and HTML alike', () => {
    const ledger = buildLedger(CLAIMS, [
      result('C09-momentum-001-fixes-predictions', 'm', 'measured', { rate: rate(7, 10), model: 'small ResNet', backend: 'wasm' }),
      result('C06-fit-accuracy-means-predict-correct', 'w', 'refuted', { witness: { fitAccuracy: 1, trainingModeAccuracy: 1, predictAccuracy: 1 / 3, minImageDistance: 41.5 }, model: 'resnet50', backend: 'wasm' }),
    ]);
    const [lo, hi] = rate(7, 10).ci95;
    const text = `rate: 7/10 (95% CI ${lo.toFixed(2)}-${hi.toFixed(2)})`;
    const witness = 'witness: fitAccuracy 1, trainingModeAccuracy 1, predictAccuracy 0.3333, minImageDistance 41.50';
    for (const page of [ledgerMarkdown(ledger), ledgerHtml(ledger)]) {
      expect(page).toContain(text);
      expect(page).toContain(witness);
      expect(page).toContain('model: resnet50');
      expect(page).toContain('backend: wasm');
    }
  });

  it('a partial ledger names the claims that did not run and never reads as a pass', () => {
    const claims = CLAIMS.filter((c) => c.id.startsWith('C01') || c.id.startsWith('C02') || c.id.startsWith('O'));
    const partial = buildLedger(claims, [result('C01-bn-batch-vs-moving', 'a', 'holds')], undefined, ['filtered with -t /C01/']);
    expect(partial.notRun).toEqual(['C02-bn-defaults']);
    expect(partial.partial).toEqual(['filtered with -t /C01/', '1 testable claim(s) did not run: C02-bn-defaults']);
    const md = ledgerMarkdown(partial);
    expect(md).toContain('PARTIAL run (filtered with -t /C01/; 1 testable claim(s) did not run: C02-bn-defaults)');
    expect(md).not.toContain('Every testable claim was checked');
    // Every testable claim ran and passed: only then does the ledger say so.
    const whole = buildLedger(claims, [result('C01-bn-batch-vs-moving', 'a', 'holds'), result('C02-bn-defaults', 'a', 'holds')]);
    expect(whole.partial).toEqual([]);
    expect(ledgerMarkdown(whole)).toContain('**Every testable claim was checked and behaved as expected.**');
  });

  it('a harness error fails the ledger apart from a regression, with its message in the row', () => {
    const ledger = buildLedger(CLAIMS, [result('C01-bn-batch-vs-moving', 'a', 'error', { counterexample: '[1]', shrinks: 0, failure: 'unsupported: gamma of shape [2,2,3]' })]);
    expect(ledger.rows.find((r) => r.claim.id === 'C01-bn-batch-vs-moving')!.verdict).toBe('error');
    expect(ledger.failing).toEqual(['C01-bn-batch-vs-moving']);
    expect(ledgerMarkdown(ledger)).toContain('message: unsupported: gamma of shape [2,2,3]');
  });

  it('every testable claim names the property file that checks it, and every claim has a quote and a place', () => {
    for (const claim of CLAIMS) {
      expect(claim.source.quote?.length, claim.id).toBeGreaterThan(10);
      expect(claim.source.place.length, claim.id).toBeGreaterThan(3);
      if (claim.expectation === 'not-testable') expect(claim.note, claim.id).toBeTruthy();
      else expect(claim.property, claim.id).toMatch(/^properties\/.+\.prop\.ts$/);
    }
  });
});
