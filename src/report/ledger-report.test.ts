import { describe, expect, it } from 'vitest';
import { CLAIMS, layerClaims } from '../claims/catalog.js';
import type { ClaimCheckResult } from '../claims/result.js';
import { rate } from '../stats/clopper-pearson.js';
import { ledgerHtml, ledgerSummaryHtml } from './ledger-html.js';
import { formatValue, measuredFigures } from './check-facts.js';
import { buildLedger, ledgerMarkdown } from './ledger-report.js';

const result = (
  claimId: string,
  check: string,
  verdict: ClaimCheckResult['verdict'],
  extra: Partial<ClaimCheckResult> = {},
): ClaimCheckResult => ({
  claimId,
  check,
  verdict,
  runs: 10,
  minRuns: 10,
  seed: 1,
  replay: 'NORMPROP_SEED=1 npx vitest run x',
  seconds: 1,
  ...extra,
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
      result('C04-inference-converges-to-training', 'one layer', 'regressed', {
        counterexample: '[{"shape":[2,1]},0.5]',
        shrinks: 7,
      }),
      result('C04-inference-converges-to-training', 'frozen ResNet', 'holds'),
      result('C06-fit-accuracy-means-predict-correct', 'last epoch', 'refuted', {
        counterexample: '[{"epochs":3}]',
        shrinks: 12,
      }),
    ]);
    expect(ledger.failing).toEqual(['C04-inference-converges-to-training']);
    const md = ledgerMarkdown(ledger);
    // No earlier ledger: nothing on record says the claim ever held, so it fails, never "regressed".
    expect(md).toContain(
      '**Failing: C04-inference-converges-to-training: fails (expected to hold; no earlier run of this claim on record).',
    );
    expect(md).not.toContain('**regressed**');
    expect(md).toContain('counterexample (shrunk 12x): `[{"epochs":3}]`');
    expect(md).toContain('**refuted** (last epoch)');
  });

  it('a rate is shown as "k/n (95% CI lo-hi)", a witness by its figures, and each check names its model and backend, in Markdown and HTML alike', () => {
    const ledger = buildLedger(CLAIMS, [
      result('C09-momentum-001-fixes-predictions', 'm', 'measured', {
        rate: rate(7, 10),
        model: 'small ResNet',
        backend: 'wasm',
      }),
      result('C06-fit-accuracy-means-predict-correct', 'w', 'refuted', {
        witness: { fitAccuracy: 1, trainingModeAccuracy: 1, predictAccuracy: 1 / 3, minImageDistance: 41.5 },
        model: 'resnet50',
        backend: 'wasm',
      }),
    ]);
    const [lo, hi] = rate(7, 10).ci95;
    const text = `rate: 7/10 (95% CI ${lo.toFixed(2)}-${hi.toFixed(2)})`;
    const witness = 'witness: fitAccuracy 1, trainingModeAccuracy 1, predictAccuracy 0.3333, minImageDistance 41.5';
    for (const page of [ledgerMarkdown(ledger), ledgerHtml(ledger)]) {
      expect(page).toContain(text);
      expect(page).toContain(witness);
      expect(page).toContain('model: resnet50');
      expect(page).toContain('backend: wasm');
    }
  });

  it('the header names the system under test (tfjs packages, backend, each kernel set and its checks), and each check its set', () => {
    const packages = { '@tensorflow/tfjs': '4.22.0', '@tensorflow/tfjs-backend-wasm': '4.22.0' };
    const ledger = buildLedger(CLAIMS, [
      result('C09-momentum-001-fixes-predictions', 'm', 'measured', {
        backend: 'wasm',
        kernels: { set: 'stock', added: ['Conv2DBackpropFilter'], packages },
      }),
      result('C06-fit-accuracy-means-predict-correct', 'w', 'refuted', {
        backend: 'wasm',
        kernels: { set: 'normprop', replaced: ['wasm MaxPoolGrad'], simdModule: 'validated', packages },
      }),
    ]);
    for (const page of [ledgerMarkdown(ledger), ledgerSummaryHtml(ledger) + ledgerHtml(ledger)]) {
      expect(page).toContain(
        'System under test: @tensorflow/tfjs 4.22.0, @tensorflow/tfjs-backend-wasm 4.22.0; backend wasm.',
      );
      expect(page).toMatch(
        /Kernels: stock \(tfjs as installed; normprop adds Conv2DBackpropFilter, which tfjs lacks\): 1 check/,
      );
      expect(page).toMatch(/Kernels: normprop \(replaces wasm MaxPoolGrad, SIMD module validated\): 1 check/);
      expect(page).toContain('kernels: stock');
    }
  });

  it('a partial ledger names the claims that did not run and never reads as a pass', () => {
    const claims = CLAIMS.filter((c) => c.id.startsWith('C01') || c.id.startsWith('C02') || c.id.startsWith('O'));
    const partial = buildLedger(claims, [result('C01-bn-batch-vs-moving', 'a', 'holds')], undefined, [
      'filtered with -t /C01/',
    ]);
    expect(partial.notRun).toEqual(['C02-bn-defaults']);
    expect(partial.partial).toEqual(['filtered with -t /C01/', '1 testable claim(s) did not run: C02-bn-defaults']);
    const md = ledgerMarkdown(partial);
    expect(md).toContain('PARTIAL run (filtered with -t /C01/; 1 testable claim(s) did not run: C02-bn-defaults)');
    expect(md).not.toContain('Every testable claim was checked');
    // Every testable claim ran and passed: only then does the ledger say so.
    const whole = buildLedger(claims, [
      result('C01-bn-batch-vs-moving', 'a', 'holds'),
      result('C02-bn-defaults', 'a', 'holds'),
    ]);
    expect(whole.partial).toEqual([]);
    expect(ledgerMarkdown(whole)).toContain(
      '**Every testable claim was checked and none failed: 2 hold, 2 not testable.**',
    );
  });

  it('a harness error fails the ledger apart from a regression, with its message in the row', () => {
    const ledger = buildLedger(CLAIMS, [
      result('C01-bn-batch-vs-moving', 'a', 'error', {
        counterexample: '[1]',
        shrinks: 0,
        failure: 'unsupported: gamma of shape [2,2,3]',
      }),
    ]);
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

  it('opens with a summary: the headline, a count per verdict and the failing claims linked to their details', () => {
    // C04 held in the run before: its failure now is a regression.
    const earlier = new Map([['C04-inference-converges-to-training', [{ verdict: 'holds', checks: [] }]]]);
    const ledger = buildLedger(
      CLAIMS,
      [
        result('C01-bn-batch-vs-moving', 'a', 'holds'),
        result('C02-bn-defaults', 'a', 'holds'),
        result('C04-inference-converges-to-training', 'one layer', 'regressed', { counterexample: '[1]', shrinks: 1 }),
      ],
      undefined,
      undefined,
      undefined,
      earlier,
    );
    const md = ledgerMarkdown(ledger);
    const summary = md.slice(0, md.indexOf('\n## '));
    expect(summary).toContain('| holds | 2 |');
    expect(summary).toContain('| **regressed** | 1 |');
    expect(summary).toContain(
      '- [C04-inference-converges-to-training](#claim-c04-inference-converges-to-training): **regressed** (one layer)',
    );
    expect(md).toContain('<a id="claim-c04-inference-converges-to-training"></a>');
    expect(summary).toMatch(/PARTIAL run/);
    const html = ledgerSummaryHtml(ledger);
    expect(html).toContain('<a href="#claim-C04-inference-converges-to-training">');
    expect(html).toMatch(/<td class="verdict pass">holds<\/td><td>2<\/td>/);
    expect(html).toContain('<b>1 claim failing.</b>');
    expect(html, 'the not-run list belongs to the partial notice, not the headline').not.toContain('did not run');
    expect(ledgerHtml(ledger)).toContain('id="claim-C04-inference-converges-to-training"');
  });

  it("one line per claim: a layer spec's law checks share one row, in a details view that opens only when a check fails", () => {
    const [spec] = layerClaims(['batch-norm']);
    const claims = [...CLAIMS, spec];
    const laws = ['declared normalization', 'gradient', 'save/load'].map((law) => result(spec.id, law, 'holds'));
    const ok = buildLedger(claims, laws);
    const md = ledgerMarkdown(ok);
    expect(md.split('\n').filter((l) => l.startsWith(`| ${spec.id} |`))).toEqual([
      `| ${spec.id} | ${spec.statement.replace(/\|/g, '\\|')} | normprop's spec of the layer | ${spec.expectation} | **holds** | 3 checks: 3 holds |`,
    ]);
    const html = ledgerHtml(ok);
    const row = new RegExp(
      `<tr class="claim" id="claim-${spec.id}" data-checks="3">.*?<details><summary>3 checks: 3 holds</summary>.*?</details></td></tr>`,
    );
    expect(html).toMatch(row);
    expect(html.match(/<tr class="claim"/g)).toHaveLength(claims.length);
    const broken = ledgerHtml(
      buildLedger(claims, [...laws.slice(1), result(spec.id, 'declared normalization', 'regressed')]),
    );
    expect(broken).toContain('<details open><summary>3 checks: 1 fails, 2 holds</summary>');
  });

  it('ledger.md keeps the table short: no table line over 400 characters, quotes, figures and replay lines below it', () => {
    const long = {
      rate: rate(7, 10),
      model: 'small ResNet',
      measured: { meanGap: 0.123456789012345, finals: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7], witness: { a: 1 / 3 } },
    };
    const md = ledgerMarkdown(
      buildLedger(
        CLAIMS,
        CLAIMS.filter((c) => c.expectation !== 'not-testable').map((c) =>
          result(c.id, 'a check with a name', 'measured', long),
        ),
      ),
    );
    const tableLines = md.split('\n').filter((l) => l.startsWith('| '));
    expect(Math.max(...tableLines.map((l) => l.length))).toBeLessThanOrEqual(400);
    expect(tableLines.some((l) => l.includes('replay') || l.includes('NORMPROP_SEED'))).toBe(false);
    expect(md).toContain('    replay: `NORMPROP_SEED=1 npx vitest run x`');
    expect(md).toContain('meanGap: 0.1235; finals: 7 values, 0.1 to 0.7; witness: a 0.3333');
    // Figures are rounded (a claim's quoted source may still carry the document's own digits).
    expect(
      md
        .split('\n')
        .filter((l) => l.startsWith('  - '))
        .join('\n'),
    ).not.toMatch(/\d\.\d{8,}/);
  });

  it('figures are rounded and labelled, never raw JSON', () => {
    expect(formatValue(0.30000000000000004)).toBe('0.3');
    expect(formatValue(10.745396614074707)).toBe('10.75');
    expect(formatValue(8.03e-6)).toBe('8.03e-6');
    expect(formatValue([1, 0.3333333432674408])).toBe('[1, 0.3333]');
    expect(formatValue({ fitAccuracy: 1, predict: [0.6666666865348816, 0.5] })).toBe(
      'fitAccuracy 1, predict [0.6667, 0.5]',
    );
    expect(measuredFigures({ cases: 3, series: { gap: [] } })).toEqual([
      'cases: 3',
      'series (gap): plotted in index.html',
    ]);
  });
});

describe('verdict words', () => {
  it('the headline keeps holds, expected refutations, refutations by the data, measured, undecided and failures apart', () => {
    const ids = [
      'C01-bn-batch-vs-moving',
      'C06-fit-accuracy-means-predict-correct',
      'C15-initial-values-cause-wrong-predictions',
      'C07a-collapse-after-few-updates',
      'C09-momentum-001-fixes-predictions',
      'C02-bn-defaults',
    ];
    const ledger = buildLedger(
      CLAIMS.filter((c) => ids.includes(c.id)),
      [
        result(ids[0], 'a', 'holds'),
        result(ids[1], 'a', 'refuted'),
        result(ids[2], 'a', 'refuted'),
        result(ids[3], 'a', 'measured'),
        result(ids[4], 'a', 'undecided'),
        result(ids[5], 'a', 'error'),
      ],
    );
    const md = ledgerMarkdown(ledger);
    expect(md).toContain(
      '**Failing: C02-bn-defaults: error. Claims that ran: 1 hold, 1 refuted as expected, 1 refuted by the data (the document is wrong there), 1 measured (a figure, not a verdict), 1 undecided (the data do not decide at the cap), 1 failing (errors, regressions).**',
    );
    // A naive reading refuted says the document is right; the document's own claim refuted says it is wrong.
    expect(md).toMatch(
      /\| C06-fit-accuracy-means-predict-correct \| The naive reading: .* \| a naive reading the document argues against \| refuted \| \*\*refuted, as the document argues\*\* \|/,
    );
    expect(md).toMatch(
      /\| C15-initial-values-cause-wrong-predictions \| .* \| the document's claim \| measured \| \*\*refuted: the document is wrong here\*\* \|/,
    );
    expect(md).not.toContain('behaved as expected');
  });
});

describe("a claim's verdict from its checks", () => {
  it('a decided check speaks over figures measured beside it; a failing one over everything; figures alone are measured', () => {
    const id = 'C09-momentum-001-fixes-predictions';
    const claims = CLAIMS.filter((c) => c.id === id);
    const of = (...verdicts: ClaimCheckResult['verdict'][]) =>
      buildLedger(
        claims,
        verdicts.map((v, i) => result(id, `check ${i}`, v)),
      ).rows[0].verdict;
    expect(of('holds', 'measured', 'measured')).toBe('holds');
    expect(of('refuted', 'measured')).toBe('refuted');
    expect(of('measured', 'measured')).toBe('measured');
    expect(of('holds', 'undecided', 'measured')).toBe('undecided');
    expect(of('holds', 'measured', 'error')).toBe('error');
  });
});

describe('a failing claim is "regressed" only when an earlier run on record met its expectation', () => {
  const claim = 'C04-inference-converges-to-training';
  const failing = [result(claim, 'one layer', 'regressed', { counterexample: '[1]', shrinks: 1 })];
  const ledgerWith = (earlier: Map<string, { verdict: string; checks: []; record?: 'none' | 'failed' | 'met' }[]>) =>
    buildLedger(CLAIMS, failing, undefined, undefined, undefined, earlier);

  it('no earlier row: the ledger row, headline, tally and check line say it fails, and the verdict stays failing', () => {
    const ledger = ledgerWith(new Map());
    expect(ledger.failing).toEqual([claim]);
    expect(ledger.rows.find((r) => r.claim.id === claim)!.verdict).toBe('regressed');
    const md = ledgerMarkdown(ledger);
    const words = 'fails (expected to hold; no earlier run of this claim on record)';
    expect(md).toContain(`**Failing: ${claim}: ${words}.`);
    expect(md).toContain(`| **${words}** | one layer |`);
    expect(md).toContain('| **fails** | 1 |');
    expect(md).toContain('  - **fails** (one layer), 10/10 runs');
    expect(md).not.toContain('**regressed**');
    const html = ledgerSummaryHtml(ledger) + ledgerHtml(ledger);
    expect(html).toContain('<td class="verdict fail">fails</td><td>1</td>');
    expect(html).toContain(`(${words})</p>`);
    expect(html).not.toMatch(/>regressed<|regressed\)/);
  });

  it('an earlier row that held: regressed', () => {
    const md = ledgerMarkdown(ledgerWith(new Map([[claim, [{ verdict: 'holds', checks: [] }]]])));
    expect(md).toContain(`**Failing: ${claim}: regressed.`);
    expect(md).toContain('| **regressed** | 1 |');
  });

  it('earlier rows that failed too: it fails, saying it failed in every earlier run on record', () => {
    const md = ledgerMarkdown(ledgerWith(new Map([[claim, [{ verdict: 'regressed', checks: [], record: 'none' }]]])));
    expect(md).toContain(`**Failing: ${claim}: fails (expected to hold; it failed in every earlier run on record).`);
  });

  it('a claim expected to be refuted is worded by its own expectation', () => {
    const refuted = CLAIMS.find((c) => c.expectation === 'refuted')!;
    const ledger = buildLedger(CLAIMS, [result(refuted.id, 'a', 'regressed')]);
    expect(ledgerMarkdown(ledger)).toContain(
      `${refuted.id}: fails (expected to be refuted; no earlier run of this claim on record)`,
    );
  });
});
