import { esc } from './golden-diff.js';
import { checkFacts } from './check-facts.js';
import { documentHeading, ledgerHeadline, type Ledger } from './ledger-report.js';

/** The claims ledger as an HTML table for reports/index.html: verdicts, counterexamples, replay commands. */

const VERDICT_CLASS: Record<string, string> = { holds: 'pass', refuted: 'pass', measured: 'pass', 'known bug': 'pass', regressed: 'fail', error: 'fail', diverged: 'fail', inconclusive: 'fail', 'fixed upstream': 'fail' };

function figures(measured: Record<string, unknown> | undefined): string {
  if (!measured) return '';
  return Object.entries(measured)
    .filter(([k]) => k !== 'series')
    .map(([k, v]) => `${esc(k)}: ${esc(typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : JSON.stringify(v))}`)
    .join('<br>');
}

export function ledgerHtml(ledger: Ledger): string {
  // Green only for a complete run with nothing failing: a partial run never reads as a pass.
  const head = `<p class="${ledger.failing.length ? 'fail' : ledger.partial.length ? 'none' : 'pass'}" id="ledger-headline"><b>${esc(ledgerHeadline(ledger))}</b></p>`;
  // Rows come in document order: a header row opens each document's rows.
  const rows = ledger.rows.flatMap(({ document, claim, verdict, checks }, index) => {
    const opens = index === 0 || ledger.rows[index - 1].document !== document;
    const heading = ledger.documents.find((d) => d.id === document)!;
    const header = opens ? [`<tr class="document" id="doc-${esc(document)}"><th colspan="7">${esc(documentHeading(heading))} <small>document: ${esc(document)}</small></th></tr>`] : [];
    const source = claim.source.quote ? `&ldquo;${esc(claim.source.quote)}&rdquo; (${esc(claim.source.place)})` : esc(claim.source.place);
    const first = `<td><b>${esc(claim.id)}</b></td><td>${esc(claim.statement)}<br><small>${source}</small></td><td>${esc(claim.expectation)}</td>`;
    if (checks.length === 0) return [...header, `<tr class="claim">${first}<td class="verdict ${VERDICT_CLASS[verdict] ?? 'none'}">${esc(verdict)}</td><td>-</td><td>${esc(claim.note ?? '')}</td><td>-</td></tr>`];
    return [...header, ...checks.map((c, i) => {
      const detail = [c.counterexample ? `counterexample (shrunk ${c.shrinks}x): <code>${esc(c.counterexample)}</code>` : '', c.failure ? `failure: ${esc(c.failure)}` : '', ...checkFacts(c).map(esc), figures(c.measured)].filter(Boolean).join('<br>');
      const lead = i === 0 ? first : '<td></td><td></td><td></td>';
      return `<tr class="${i === 0 ? 'claim' : 'check'}">${lead}<td class="verdict ${VERDICT_CLASS[c.verdict] ?? 'none'}">${esc(c.verdict)}<br><small>${esc(c.check)}</small></td><td>${c.runs}/${c.minRuns}</td><td>${detail}</td><td><code>${esc(c.replay)}</code></td></tr>`;
    })];
  });
  return `${head}<table class="ledger"><tr><th>claim</th><th>statement and source</th><th>expectation</th><th>verdict</th><th>runs</th><th>counterexample / figures</th><th>replay</th></tr>${rows.join('\n')}</table>`;
}
