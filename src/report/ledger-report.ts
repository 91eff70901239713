import type { Claim } from '../claims/claim.js';
import { documentHeaders } from '../claims/catalog.js';
import { claimRecord, type ClaimRecord, type EarlierRow } from '../claims/claim-record.js';
import { ROLE_WORDS, roleOf, verdictLabel, verdictWords } from '../claims/verdict-words.js';
import { referenceText, type DocumentHeader } from '../claims/document.js';
import { FAILING_VERDICTS, VERDICTS, type ClaimCheckResult } from '../claims/result.js';
import { describeDivergence } from '../experiment/divergence.js';
import { checkFacts, measuredFigures } from './check-facts.js';
import { systemUnderTest } from './system-under-test.js';

/** One row of the ledger: a claim, and what its checks found in this run. */
export interface LedgerRow {
  /** The id of the document that makes the claim. */
  document: string;
  claim: Claim;
  /** The claim's overall verdict: 'not testable' for opinions, 'not run' when no check ran (a filtered or sharded run). */
  verdict: string;
  checks: ClaimCheckResult[];
  /** What earlier runs on record came to for the claim: a failing claim "regressed" only if one met its expectation. */
  record: ClaimRecord;
}

/** A row's verdict in words (the table, the headline, the failing list). */
export const rowWords = (row: LedgerRow): string => verdictWords(row.claim, row.verdict, row.record);

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

export { FAILING_VERDICTS };
/** A tally's or check line's word that fails the suite: a failing verdict, or "fails" (a 'regressed' with no run on record that met the expectation). */
export const isFailingLabel = (label: string): boolean => label === 'fails' || FAILING_VERDICTS.includes(label);
const SEVERITY: readonly string[] = VERDICTS;
/**
 * A claim's verdict from its checks: the worst, except that a measured figure is no verdict, so a check
 * that decided (C09's seed regime holds) speaks for the claim over the figures measured beside it.
 */
const CLAIM_ORDER: readonly string[] = [...VERDICTS.filter((v) => v !== 'measured'), 'measured'];

/**
 * What the claims that did not fail came to, each kind apart: a refutation the suite expected (a naive
 * reading, a library's departure) is not the document being wrong, and a measured figure or an
 * undecided one is no verdict on the claim.
 */
export function outcomeSummary(ledger: Ledger): string {
  const count = (test: (row: LedgerRow) => boolean) => ledger.rows.filter(test).length;
  const parts: [number, string][] = [
    [count((r) => r.verdict === 'holds'), 'hold'],
    [count((r) => r.verdict === 'refuted' && r.claim.expectation === 'refuted'), 'refuted as expected'],
    [
      count((r) => r.verdict === 'refuted' && r.claim.expectation !== 'refuted'),
      'refuted by the data (the document is wrong there)',
    ],
    [count((r) => r.verdict === 'measured'), 'measured (a figure, not a verdict)'],
    [count((r) => r.verdict === 'undecided'), 'undecided (the data do not decide at the cap)'],
    [count((r) => r.verdict === 'known bug'), 'known bug(s) still showing'],
    [count((r) => r.verdict === 'not testable'), 'not testable'],
    [count((r) => FAILING_VERDICTS.includes(r.verdict)), 'failing (errors, regressions)'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');
}

/** "C04: regressed", "C99: fails (expected to hold; no earlier run of this claim on record)": a failing claim and its words. */
function failingText(ledger: Ledger, id: string): string {
  return `${id}: ${rowWords(ledger.rows.find((r) => r.claim.id === id)!)}`;
}

/** The one-line headline of a ledger: failing claims first, then what did not run, then what the rest came to. */
export function ledgerHeadline(ledger: Ledger): string {
  const parts: string[] = [];
  if (ledger.failing.length) parts.push(`Failing: ${ledger.failing.map((id) => failingText(ledger, id)).join('; ')}.`);
  if (ledger.partial.length)
    parts.push(
      `PARTIAL run (${ledger.partial.join('; ')}): rows marked "not run" were not checked, and nothing is claimed about them.`,
    );
  if (!parts.length) parts.push(`Every testable claim was checked and none failed: ${outcomeSummary(ledger)}.`);
  else parts.push(`Claims that ran: ${outcomeSummary(ledger)}.`);
  return parts.join(' ');
}

export function buildLedger(
  claims: Claim[],
  results: ClaimCheckResult[],
  date = new Date().toISOString(),
  partialReasons: string[] = [],
  known: DocumentHeader[] = documentHeaders(),
  /** The claims' rows in earlier ledgers (earlier-ledgers.ts); none: no run on record. */
  earlier: ReadonlyMap<string, EarlierRow[]> = new Map(),
): Ledger {
  const rows = claims.map((claim): LedgerRow => {
    const checks = results.filter((r) => r.claimId === claim.id).sort((a, b) => a.check.localeCompare(b.check));
    let verdict: string;
    if (claim.expectation === 'not-testable') verdict = 'not testable';
    else if (checks.length === 0) verdict = 'not run';
    else verdict = CLAIM_ORDER.find((v) => checks.some((c) => c.verdict === v)) ?? 'not run';
    return {
      document: claim.document,
      claim,
      verdict,
      checks,
      record: claimRecord(checks, earlier.get(claim.id) ?? []),
    };
  });
  const failing = rows.filter((r) => FAILING_VERDICTS.includes(r.verdict)).map((r) => r.claim.id);
  const notRun = rows.filter((r) => r.verdict === 'not run').map((r) => r.claim.id);
  const partial = [
    ...partialReasons,
    ...(notRun.length ? [`${notRun.length} testable claim(s) did not run: ${notRun.join(', ')}`] : []),
  ];
  const ids = [...new Set(rows.map((r) => r.document))];
  const documents = ids.map(
    (id) => known.find((d) => d.id === id) ?? { id, title: id, authors: [], year: 0, reference: { file: '?' } },
  );
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
  return verdictTally(ledger)
    .map(([v, n]) => `${n} ${v}`)
    .join(', ');
}

/** [verdict, how many claims] in ledger order ("fails" apart from "regressed"): the summary table of ledger.md and the page. */
export function verdictTally(ledger: Ledger): [string, number][] {
  const counts = new Map<string, number>();
  for (const row of ledger.rows) {
    const label = verdictLabel(row.verdict, row.record);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts];
}

/** "7 checks: 6 holds, 1 regressed", or the one check's name: what the ledger's one line per claim says of its checks. */
export function checksSummary(checks: ClaimCheckResult[], record: ClaimRecord): string {
  if (checks.length === 0) return '-';
  if (checks.length === 1) return checks[0].check;
  const counts = new Map<string, number>();
  for (const c of checks) counts.set(c.verdict, (counts.get(c.verdict) ?? 0) + 1);
  // The worst verdict first, so a failing law is the first thing the line says.
  const order = [...counts].sort(([a], [b]) => SEVERITY.indexOf(a) - SEVERITY.indexOf(b));
  return `${checks.length} checks: ${order.map(([v, n]) => `${n} ${verdictLabel(v, record)}`).join(', ')}`;
}

/** Where a check's training run diverged, if it did: said first, before the counterexample. */
export const divergenceText = (c: ClaimCheckResult): string => (c.divergence ? describeDivergence(c.divergence) : '');

/** What else a check found besides its verdict and counterexample, as labelled phrases (no raw JSON). */
export function checkDetails(c: ClaimCheckResult): string[] {
  return [
    // The message of an error, a regression or a known bug: what went wrong, not only where.
    c.failure && c.verdict !== 'refuted' ? `message: ${c.failure}` : '',
    ...checkFacts(c),
    ...measuredFigures(c.measured),
  ].filter(Boolean);
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const anchor = (id: string) => `claim-${id.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;

export function ledgerMarkdown(ledger: Ledger): string {
  const lines = [
    '# Claims ledger',
    '',
    `**${ledgerHeadline(ledger)}**`,
    '',
    ...systemUnderTest(ledger.rows.flatMap((r) => r.checks)).flatMap((line) => [line, '']),
    '| verdict | claims |',
    '| --- | --- |',
    ...verdictTally(ledger).map(([v, n]) => `| ${isFailingLabel(v) ? `**${v}**` : v} | ${n} |`),
    '',
    ...(ledger.failing.length
      ? [
          'Failing claims:',
          '',
          ...ledger.failing.map((id) => {
            const row = ledger.rows.find((r) => r.claim.id === id)!;
            return `- [${id}](#${anchor(id)}): **${rowWords(row)}** (${row.checks
              .filter((c) => FAILING_VERDICTS.includes(c.verdict))
              .map((c) => c.check)
              .join(', ')})`;
          }),
          '',
        ]
      : []),
    `Made ${ledger.date}. Expectation: what the suite requires (holds: no counterexample may exist; refuted: fast-check must find one; measured: a figure is recorded, or the data decide by the stated rule: holds, refuted, or undecided at the sample's cap). Role: what the claim is to its document; a naive reading or a library's departure is stated so that the document's point refutes it. A claim that goes against its expectation has regressed when an earlier run on record (the last full and partial ledgers) met it; otherwise it fails (a new claim, or one that never met it). Each table has one line per claim; the details below it give the source, every check with its runs, counterexample, figures and replay line.`,
  ];
  for (const document of ledger.documents) {
    const rows = ledger.rows.filter((r) => r.document === document.id);
    if (!rows.length) continue;
    lines.push(
      '',
      `## ${documentHeading(document)}`,
      '',
      `document: \`${document.id}\``,
      '',
      '| claim | statement | role | expectation | verdict | checks |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const row of rows) {
      const { claim, checks } = row;
      lines.push(
        `| ${claim.id} | ${cell(claim.statement)} | ${ROLE_WORDS[roleOf(claim)]} | ${claim.expectation} | **${rowWords(row)}** | ${cell(checksSummary(checks, row.record))} |`,
      );
    }
    lines.push('', 'Details:', '');
    for (const { claim, checks, record } of rows) {
      const source = claim.source.quote ? `"${claim.source.quote}" (${claim.source.place})` : claim.source.place;
      lines.push(
        `- <a id="${anchor(claim.id)}"></a>**${claim.id}**: ${claim.statement} Source: ${source}.${claim.note ? ` Note: ${claim.note}` : ''}`,
      );
      for (const c of checks) {
        const found = [
          divergenceText(c),
          c.counterexample ? `counterexample (shrunk ${c.shrinks}x): \`${c.counterexample}\`` : '',
          ...checkDetails(c),
        ].filter(Boolean);
        lines.push(
          `  - **${verdictLabel(c.verdict, record)}** (${c.check}), ${c.runs}/${c.minRuns} runs${found.length ? `: ${found.join('; ')}` : ''}`,
          `    replay: \`${c.replay}\``,
        );
      }
    }
  }
  lines.push('');
  return lines.join('\n');
}
