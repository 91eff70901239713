import type { ClaimCheckResult } from '../claims/result.js';
import type { ClaimRecord } from '../claims/claim-record.js';
import { ROLE_WORDS, roleOf, verdictLabel } from '../claims/verdict-words.js';
import { esc } from './golden-diff.js';
import {
  checkDetails,
  checksSummary,
  divergenceText,
  documentHeading,
  FAILING_VERDICTS,
  ledgerHeadline,
  outcomeSummary,
  rowWords,
  verdictTally,
  type Ledger,
  type LedgerRow,
} from './ledger-report.js';
import { systemUnderTest } from './system-under-test.js';

/**
 * The claims ledger for reports/index.html: a summary first (verdict counts, failing claims, a
 * partial-run notice), then one line per claim. A claim's checks (a layer spec's laws, say) open in a
 * <details> view, so no script is needed; a failing claim's view starts open.
 */

// Each kind its own colour (legend on the page): an expected refutation or a known bug passes, but is not "holds".
const VERDICT_CLASS: Record<string, string> = {
  holds: 'pass',
  refuted: 'refuted',
  measured: 'measured',
  'known bug': 'known',
  undecided: 'none',
  regressed: 'fail',
  fails: 'fail',
  error: 'fail',
  diverged: 'fail',
  inconclusive: 'fail',
  'fixed upstream': 'fail',
};
const claimAnchor = (id: string) => `claim-${id.replace(/[^A-Za-z0-9-]/g, '-')}`;

/** The summary at the top of the page: the headline, verdict counts, the failing claims linked to their rows. */
export function ledgerSummaryHtml(ledger: Ledger): string {
  const cls = ledger.failing.length ? 'fail' : ledger.partial.length ? 'none' : 'pass';
  const counts = verdictTally(ledger)
    .map(([v, n]) => `<tr><td class="verdict ${VERDICT_CLASS[v] ?? 'none'}">${esc(v)}</td><td>${n}</td></tr>`)
    .join('');
  const failing = ledger.failing.length
    ? `<p id="failing-claims" class="fail">Failing: ${ledger.failing.map((id) => `<a href="#${claimAnchor(id)}">${esc(id)}</a> (${esc(rowWords(ledger.rows.find((r) => r.claim.id === id)!))})`).join(', ')}</p>`
    : '';
  // The page's headline stays one line: the partial-run notice below it gives the reasons and the claims that did not run.
  const headline = ledger.failing.length
    ? `${ledger.failing.length} claim${ledger.failing.length === 1 ? '' : 's'} failing.`
    : ledger.partial.length
      ? `Partial run; the claims that ran: ${outcomeSummary(ledger)}.`
      : ledgerHeadline(ledger);
  const system = systemUnderTest(ledger.rows.flatMap((r) => r.checks))
    .map((line) => esc(line))
    .join('<br>');
  return `<p class="${cls}" id="ledger-headline"><b>${esc(headline)}</b></p>${system ? `<p id="system-under-test">${system}</p>` : ''}${failing}<table id="verdict-counts"><tr><th>verdict</th><th>claims</th></tr>${counts}</table><p id="verdict-legend"><small>Colours: <span class="pass">holds</span>, <span class="refuted">refuted (as the suite expects, or by the data)</span>, <span class="measured">measured</span>, <span class="known">known bug still showing</span>, <span class="none">undecided or not run</span>, <span class="fail">failing</span>.</small></p>`;
}

function checkTable(checks: ClaimCheckResult[], record: ClaimRecord): string {
  const rows = checks.map((c) => {
    const found = [
      esc(divergenceText(c)),
      c.counterexample ? `counterexample (shrunk ${c.shrinks}x): <code>${esc(c.counterexample)}</code>` : '',
      ...checkDetails(c).map(esc),
    ]
      .filter(Boolean)
      .join('<br>');
    return `<tr class="check"><td class="verdict ${VERDICT_CLASS[c.verdict] ?? 'none'}">${esc(verdictLabel(c.verdict, record))}</td><td>${esc(c.check)}</td><td>${c.runs}/${c.minRuns}</td><td>${found}<pre class="replay">${esc(c.replay)}</pre></td></tr>`;
  });
  return `<table class="checks"><tr><th>verdict</th><th>check</th><th>runs</th><th>found, and the replay line</th></tr>${rows.join('')}</table>`;
}

function claimRow(row: LedgerRow): string {
  const { claim, verdict, checks, record } = row;
  const source = claim.source.quote
    ? `&ldquo;${esc(claim.source.quote)}&rdquo; (${esc(claim.source.place)})`
    : esc(claim.source.place);
  const failing = FAILING_VERDICTS.includes(verdict);
  const body =
    checks.length === 0
      ? esc(claim.note ?? '-')
      : `<details${failing ? ' open' : ''}><summary>${esc(checksSummary(checks, record))}</summary>${checkTable(checks, record)}</details>`;
  return `<tr class="claim" id="${claimAnchor(claim.id)}" data-checks="${checks.length}"><td><b>${esc(claim.id)}</b></td><td>${esc(claim.statement)}<br><small>${source}</small></td><td>${esc(ROLE_WORDS[roleOf(claim)])}</td><td>${esc(claim.expectation)}</td><td class="verdict ${VERDICT_CLASS[verdict] ?? 'none'}">${esc(rowWords(row))}</td><td>${body}</td></tr>`;
}

export function ledgerHtml(ledger: Ledger): string {
  const rows = ledger.documents.flatMap((d) => {
    const own = ledger.rows.filter((r) => r.document === d.id);
    return own.length
      ? [
          `<tr class="document" id="doc-${esc(d.id)}"><th colspan="6">${esc(documentHeading(d))} <small>document: ${esc(d.id)}</small></th></tr>`,
          ...own.map(claimRow),
        ]
      : [];
  });
  return `<table class="ledger"><tr><th>claim</th><th>statement and source</th><th>role</th><th>expectation</th><th>verdict</th><th>checks</th></tr>${rows.join('\n')}</table>`;
}

/** The partial-run notice: why the run is partial, with the claims that did not run in a details view. */
export function partialNoticeHtml(ledger: Ledger): string {
  if (!ledger.partial.length) return 'A complete run: every testable claim was checked.';
  const reasons = ledger.partial.filter((p) => !p.includes('did not run: '));
  const notRun = ledger.notRun.length
    ? `<details><summary>${ledger.notRun.length} testable claim${ledger.notRun.length === 1 ? '' : 's'} did not run; nothing is claimed about them</summary>${ledger.notRun.map(esc).join(', ')}</details>`
    : '';
  return `<b>Partial run</b>${reasons.length ? `: ${esc(reasons.join('; '))}.` : '.'} Sections below show what this run stored; absent data is named.${notRun}`;
}
