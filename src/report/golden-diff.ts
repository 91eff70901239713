import { nonDeterminismWarning } from '../backend/determinism.js';
import type { GoldenOutcome } from '../golden/check.js';
import type { FieldDiff } from '../golden/compare.js';

/** The golden-diff report: per golden, per field, how far this run is from the stored record. */

const num = (v: number) =>
  Number.isNaN(v)
    ? '-'
    : v === 0
      ? '0'
      : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4
        ? v.toPrecision(4)
        : v.toExponential(3);
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function fieldRows(outcome: GoldenOutcome, all: boolean): FieldDiff[] {
  const fields = outcome.diff?.fields ?? [];
  return all ? fields : fields.filter((f) => f.mismatches > 0);
}

/** One warning per backend in these outcomes that is known not to be deterministic. */
export function determinismWarnings(outcomes: GoldenOutcome[]): string[] {
  const backends = new Set(
    outcomes
      .flatMap((o) => [o.diff?.expectedBackend, o.diff?.obtainedBackend])
      .filter((b): b is string => b !== undefined),
  );
  return [...backends]
    .sort()
    .map(nonDeterminismWarning)
    .filter((w): w is string => w !== undefined);
}

const SUMMARY_PARTS = ['mean', 'std', 'min', 'max'];

/** What a mismatch's index means in its field: a summary's part, an epoch, or the plain index. */
export function indexLabel(field: string, index: number): string {
  if (/^activations\.|\.bn\./.test(field) && index < SUMMARY_PARTS.length) return `${index} (${SUMMARY_PARTS[index]})`;
  if (/\.epochs\./.test(field)) return `${index} (epoch ${index + 1})`;
  return String(index);
}

/** The overview: one line per golden, as golden-diff.md opens. */
export function goldenOverviewHtml(outcomes: GoldenOutcome[]): string {
  const rows = outcomes.map((o) => {
    const d = o.diff;
    const bad = d ? `${d.fields.filter((f) => f.mismatches > 0).length} of ${d.fields.length}` : '-';
    return `<tr><td>${esc(o.name)}</td><td class="${o.failed ? 'fail' : 'pass'}"><b>${esc(o.status)}</b></td><td>${esc(d?.expectedBackend ?? '-')}</td><td>${esc(d?.obtainedBackend ?? '-')}</td><td>${d ? (d.crossBackend ? 'cross-backend' : 'same backend') : '-'}</td><td>${bad}</td><td>${esc(d?.firstDivergingLayer ?? '-')}</td></tr>`;
  });
  return `<table id="golden-overview"><tr><th>golden</th><th>status</th><th>made on</th><th>checked on</th><th>tolerance</th><th>fields out of tolerance</th><th>first diverging layer</th></tr>${rows.join('')}</table>`;
}

export function goldenDiffMarkdown(outcomes: GoldenOutcome[], date = new Date().toISOString()): string {
  const lines = [
    '# Golden diff',
    '',
    `Made ${date}. A value passes when |obtained - expected| <= abs + rel * scale (scale: |expected|, or for summary fields the largest |expected| of the field).`,
    '',
  ];
  lines.push(
    '| golden | status | made on | checked on | tolerance | fields out of tolerance | first diverging layer |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const o of outcomes) {
    const d = o.diff;
    const bad = d ? d.fields.filter((f) => f.mismatches > 0).length : '-';
    lines.push(
      `| ${o.name} | **${o.status}** | ${d?.expectedBackend ?? '-'} | ${d?.obtainedBackend ?? '-'} | ${d ? (d.crossBackend ? 'cross-backend' : 'same backend') : '-'} | ${bad}${d ? ` of ${d.fields.length}` : ''} | ${d?.firstDivergingLayer ?? '-'} |`,
    );
  }
  for (const warning of determinismWarnings(outcomes)) lines.push('', `**Note:** ${warning}.`);
  for (const o of outcomes) {
    lines.push('', `## ${o.name}: ${o.status}`, '', o.message.split('\n')[0], '');
    const rows = fieldRows(o, false);
    if (rows.length === 0) continue;
    lines.push(
      '| field | differ / values | max abs | mean abs | median abs | max rel | mean rel | median rel | tolerance (abs, rel, scale) |',
      '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    );
    for (const f of rows) {
      if (f.structural) lines.push(`| ${f.field} | ${f.structural} | | | | | | | |`);
      else
        lines.push(
          `| ${f.field} | ${f.mismatches} / ${f.count} | ${num(f.maxAbs)} | ${num(f.meanAbs)} | ${num(f.medianAbs)} | ${num(f.maxRel)} | ${num(f.meanRel)} | ${num(f.medianRel)} | ${f.tolerance.abs}, ${f.tolerance.rel} (${f.tolerance.scale}) |`,
        );
    }
    lines.push(
      '',
      'First mismatches:',
      '',
      '| field | index | expected | obtained | abs error | rel error |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const f of rows)
      for (const m of f.first)
        lines.push(
          `| ${f.field} | ${indexLabel(f.field, m.index)} | ${m.expected} | ${m.obtained} | ${num(m.absError)} | ${num(m.relError)} |`,
        );
  }
  return `${lines.join('\n')}\n`;
}

/** The per-golden sections, also embedded in reports/index.html. */
export function goldenDiffSections(outcomes: GoldenOutcome[]): string {
  return outcomes
    .map((o) => {
      const d = o.diff;
      const fields = fieldRows(o, false)
        .map((f) =>
          f.structural
            ? `<tr><td>${esc(f.field)}</td><td colspan="5">${esc(f.structural)}</td></tr>`
            : `<tr><td>${esc(f.field)}</td><td>${f.mismatches} / ${f.count}</td><td>${num(f.maxAbs)}</td><td>${num(f.maxRel)}</td><td>${f.first.map((m) => `[${indexLabel(f.field, m.index)}] ${m.expected} &rarr; ${m.obtained}`).join('<br>')}</td><td>${f.tolerance.abs}, ${f.tolerance.rel}</td></tr>`,
        )
        .join('');
      return `<section><h2 class="${o.failed ? 'fail' : 'pass'}">${esc(o.name)}: ${o.status}</h2><p>${esc(o.message.split('\n')[0])}</p>
<p>made on <b>${esc(d?.expectedBackend ?? '-')}</b>, checked on <b>${esc(d?.obtainedBackend ?? '-')}</b>${d?.crossBackend ? ' (cross-backend tolerance)' : ''}${d?.firstDivergingLayer ? `; first diverging layer: <b>${esc(d.firstDivergingLayer)}</b>` : ''}</p>
${fields ? `<table><tr><th>field</th><th>differ / values</th><th>max abs</th><th>max rel</th><th>first mismatches</th><th>tolerance (abs, rel, scale)</th></tr>${fields}</table>` : ''}</section>`;
    })
    .join('\n');
}

export function goldenDiffHtml(outcomes: GoldenOutcome[], date = new Date().toISOString()): string {
  const rows = goldenDiffSections(outcomes);
  return `<!doctype html><html><head><meta charset="utf-8"><title>normprop golden diff</title><style>
body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;font-size:90%}
.pass{color:#176117}.fail{color:#a11}</style></head><body><h1>Golden diff</h1><p>Made ${esc(date)}. A value passes when |obtained - expected| &le; abs + rel &middot; scale (|expected|, or for summary fields the field's largest |expected|).</p>
${goldenOverviewHtml(outcomes)}
${determinismWarnings(outcomes)
  .map((w) => `<p><b>Note:</b> ${esc(w)}.</p>`)
  .join('\n')}
${rows}</body></html>\n`;
}
