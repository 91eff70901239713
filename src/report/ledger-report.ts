import type { Claim } from '../claims/claim.js';
import { documentHeaders } from '../claims/catalog.js';
import { referenceText, type DocumentHeader } from '../claims/document.js';
import type { ClaimCheckResult } from '../claims/result.js';
import { describeDivergence } from '../experiment/divergence.js';
import { checkFacts } from './check-facts.js';

/** One row of the ledger: a claim, and what its checks found in this run. */
export interface LedgerRow {
  /** The id of the document that makes the claim. */
  document: string;
  claim: Claim;
  /** The claim's overall verdict: 'not testable' for opinions, 'not run' when no check ran (a filtered or sharded run). */
  verdict: string;
  checks: ClaimCheckResult[];
}

export interface Ledger {
  date: string;
  /** The documents whose claims have rows, in ledger order. */
  documents: DocumentHeader[];
  rows: LedgerRow[];
  /** Claims whose checks went against the expectation (these fail the suite). */
  failing: string[];
  /** Testable claims with no check result: nothing is claimed about them. */
  notRun: string[];
  /**
   * Why this ledger does not cover the whole suite (a file or -t filter, a shard, an interrupted run,
   * claims that did not run); empty for a complete run. A partial ledger never reads as a full pass.
   */
  partial: string[];
}

/** Verdicts that fail the suite. */
export const FAILING_VERDICTS = ['regressed', 'error', 'diverged', 'inconclusive', 'fixed upstream'];
const SEVERITY = ['error', 'regressed', 'diverged', 'inconclusive', 'fixed upstream', 'known bug', 'refuted', 'measured', 'holds'];

/** The one-line headline of a ledger: failing claims first, then what did not run, then a pass. */
export function ledgerHeadline(ledger: Ledger): string {
  const parts: string[] = [];
  if (ledger.failing.length) parts.push(`Failing: ${ledger.failing.join(', ')}.`);
  if (ledger.partial.length) parts.push(`PARTIAL run (${ledger.partial.join('; ')}): rows marked "not run" were not checked, and nothing is claimed about them.`);
  if (!parts.length) parts.push('Every testable claim was checked and behaved as expected.');
  else if (!ledger.failing.length) parts.push('The claims that ran behaved as expected.');
  return parts.join(' ');
}

export function buildLedger(claims: Claim[], results: ClaimCheckResult[], date = new Date().toISOString(), partialReasons: string[] = [], known: DocumentHeader[] = documentHeaders()): Ledger {
  const rows = claims.map((claim) => {
    const checks = results.filter((r) => r.claimId === claim.id).sort((a, b) => a.check.localeCompare(b.check));
    let verdict: string;
    if (claim.expectation === 'not-testable') verdict = 'not testable';
    else if (checks.length === 0) verdict = 'not run';
    else verdict = SEVERITY.find((v) => checks.some((c) => c.verdict === v)) ?? 'not run';
    return { document: claim.document, claim, verdict, checks };
  });
  const failing = rows.filter((r) => FAILING_VERDICTS.includes(r.verdict)).map((r) => r.claim.id);
  const notRun = rows.filter((r) => r.verdict === 'not run').map((r) => r.claim.id);
  const partial = [...partialReasons, ...(notRun.length ? [`${notRun.length} testable claim(s) did not run: ${notRun.join(', ')}`] : [])];
  const ids = [...new Set(rows.map((r) => r.document))];
  const documents = ids.map((id) => known.find((d) => d.id === id) ?? { id, title: id, authors: [], year: 0, reference: { file: '?' } });
  // Each document's rows together (a stable sort: claims keep their order within a document).
  rows.sort((a, b) => ids.indexOf(a.document) - ids.indexOf(b.document));
  return { date, documents, rows, failing, notRun, partial };
}

/** "Title (Authors, year; arXiv:...)": the heading above a document's rows. */
export function documentHeading(d: DocumentHeader): string {
  return `${d.title} (${[d.authors.join(', '), d.year || '', referenceText(d.reference)].filter(Boolean).join('; ')})`;
}

/** "10 holds, 1 refuted, ...": how many claims ended in each verdict, in ledger order. */
export function verdictCounts(ledger: Ledger): string {
  const counts = new Map<string, number>();
  for (const row of ledger.rows) counts.set(row.verdict, (counts.get(row.verdict) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${n} ${v}`).join(', ');
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function figures(measured: Record<string, unknown> | undefined): string {
  if (!measured) return '';
  // Series are for the HTML report's plots; in a table cell they would bury the figures.
  return Object.entries(measured)
    .map(([k, v]) => k === 'series' ? `series (${Object.keys(v as object).join(', ')}): plotted in index.html` : `${k}: ${typeof v === 'number' ? (Number.isInteger(v) ? v : v.toPrecision(4)) : JSON.stringify(v)}`)
    .join('; ');
}

export function ledgerMarkdown(ledger: Ledger): string {
  const lines = [
    '# Claims ledger',
    '',
    `Made ${ledger.date}. Expectation: what the suite requires (holds: no counterexample may exist; refuted: fast-check must find one; measured: a figure is recorded).`,
    `**${ledgerHeadline(ledger)}**`,
  ];
  // Rows come in document order: a heading and a table head open each document's rows.
  let current: string | undefined;
  for (const { document, claim, verdict, checks } of ledger.rows) {
    if (document !== current) {
      current = document;
      lines.push('', `## ${documentHeading(ledger.documents.find((d) => d.id === document)!)}`, '', `document: \`${document}\``, '', '| claim | statement | source | expectation | verdict | runs | counterexample / figures | replay |', '| --- | --- | --- | --- | --- | --- | --- | --- |');
    }
    const source = claim.source.quote ? `"${claim.source.quote}" (${claim.source.place})` : claim.source.place;
    if (checks.length === 0) {
      lines.push(`| ${claim.id} | ${cell(claim.statement)} | ${cell(source)} | ${claim.expectation} | **${verdict}** | - | ${cell(claim.note ?? '')} | - |`);
      continue;
    }
    checks.forEach((c, i) => {
      const detail = [
        c.divergence ? `${describeDivergence(c.divergence)}` : '',
        c.counterexample ? `counterexample (shrunk ${c.shrinks}x): \`${c.counterexample}\`` : '',
        // The message of an error, a regression or a known bug: what went wrong, not only where.
        c.failure && c.verdict !== 'refuted' ? `message: ${c.failure}` : '',
        ...checkFacts(c),
        figures(c.measured),
      ].filter(Boolean).join('; ');
      lines.push(
        `| ${i === 0 ? claim.id : ''} | ${i === 0 ? cell(claim.statement) : ''} | ${i === 0 ? cell(source) : ''} | ${i === 0 ? claim.expectation : ''} | **${c.verdict}** (${c.check}) | ${c.runs}/${c.minRuns} | ${cell(detail)} | \`${cell(c.replay)}\` |`,
      );
    });
  }
  lines.push('', 'Notes:', ...ledger.rows.filter((r) => r.claim.note).map((r) => `- ${r.claim.id}: ${r.claim.note}`), '');
  return lines.join('\n');
}
