import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkClaim } from './check-claim.js';
import { DOCUMENTS, ledgerClaims } from './catalog.js';
import { defineDocument } from './document.js';
import { buildLedger, ledgerMarkdown } from '../report/ledger-report.js';
import { ledgerHtml } from '../report/ledger-html.js';

describe('the catalog as documents', () => {
  it('each document has a title, authors, a year and a stable reference, and each claim cites its document and a place', () => {
    expect(DOCUMENTS.length).toBeGreaterThanOrEqual(3);
    for (const doc of DOCUMENTS) {
      expect(doc.title.length, doc.id).toBeGreaterThan(3);
      expect(doc.authors.length, doc.id).toBeGreaterThan(0);
      expect(doc.year, doc.id).toBeGreaterThan(1900);
      const ref = doc.reference;
      if ('arxiv' in ref) expect(ref.arxiv).toMatch(/^\d{4}\.\d{4,5}$/);
      if ('doi' in ref) expect(ref.doi).toMatch(/^10\.\d+\//);
      for (const claim of doc.claims) {
        expect(claim.document, claim.id).toBe(doc.id);
        expect(claim.source.place.length, claim.id).toBeGreaterThan(1);
        // Claims are stated in our words: a quote, if any, is a short phrase (the seed's quotes predate this rule).
        if (doc.id !== 'seed-resnet-batchnorm' && claim.source.quote)
          expect(claim.source.quote.split(' ').length, claim.id).toBeLessThanOrEqual(12);
      }
    }
  });

  it('claim ids are unique across documents; one reused in another document is refused naming both (it gave two rows)', () => {
    const ids = ledgerClaims().map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const reused = defineDocument({
      id: 'another-paper',
      title: 'Another',
      authors: ['A'],
      year: 2001,
      reference: { arxiv: '0000.00001' },
      claims: [{ ...DOCUMENTS[0].claims[0] }],
    });
    expect(() => ledgerClaims([...DOCUMENTS, reused])).toThrow(
      `claim id ${DOCUMENTS[0].claims[0].id} is defined by document ${DOCUMENTS[0].id} and again by document another-paper`,
    );
  });

  it('a document with a repeated claim id is refused', () => {
    const claim = {
      id: 'X1',
      statement: 's',
      source: { place: '§1' },
      kind: 'testable' as const,
      expectation: 'holds' as const,
    };
    expect(() =>
      defineDocument({
        id: 'x',
        title: 'X',
        authors: ['A'],
        year: 2000,
        reference: { arxiv: '0000.00000' },
        claims: [claim, claim],
      }),
    ).toThrow(/X1 appears twice/);
  });

  it('ledger rows carry their document id, and the Markdown and HTML group rows under one heading per document', () => {
    const ledger = buildLedger(ledgerClaims(), []);
    expect(ledger.rows.every((r) => r.document === r.claim.document)).toBe(true);
    expect(ledger.documents.map((d) => d.id)).toEqual([
      ...DOCUMENTS.map((d) => d.id),
      'normprop-specs',
      'tfjs-known-bugs',
    ]);
    const md = ledgerMarkdown(ledger);
    const html = ledgerHtml(ledger);
    for (const doc of DOCUMENTS) {
      const heading = md.indexOf(`## ${doc.title}`);
      expect(heading, doc.id).toBeGreaterThan(-1);
      // Every claim of the document appears after its heading and before the next document's.
      const next = md.indexOf('\n## ', heading + 1);
      for (const c of doc.claims) {
        const at = md.indexOf(`| ${c.id} |`);
        expect(at, c.id).toBeGreaterThan(heading);
        if (next > -1) expect(at, c.id).toBeLessThan(next);
      }
      expect(html).toContain(`id="doc-${doc.id}"`);
    }
    expect(md).toContain('arXiv:1502.03167');
    expect(md).toContain('arXiv:1803.08494');
  });
});

describe('grouping', () => {
  it('claims given out of document order still come out under one heading per document', () => {
    const claims = ledgerClaims();
    const mixed = [
      claims.find((c) => c.id === 'BN1-weight-scale-invariance')!,
      claims.find((c) => c.id === 'C01-bn-batch-vs-moving')!,
      claims.find((c) => c.id === 'BN4-inference-variance-is-unbiased')!,
    ];
    const ledger = buildLedger(mixed, []);
    expect(ledger.rows.map((r) => r.claim.id)).toEqual([
      'BN1-weight-scale-invariance',
      'BN4-inference-variance-is-unbiased',
      'C01-bn-batch-vs-moving',
    ]);
    expect(ledgerMarkdown(ledger).match(/^## /gm)).toHaveLength(2);
  });
});

describe('claims and their checks', () => {
  it('every testable claim names a property file that exists and checks it by id (layer rows: the spec laws file)', () => {
    const missing: string[] = [];
    for (const claim of ledgerClaims().filter((c) => c.expectation !== 'not-testable')) {
      if (!claim.property) {
        missing.push(`${claim.id}: no property file`);
        continue;
      }
      const file = path.resolve(claim.property);
      if (!existsSync(file)) {
        missing.push(`${claim.id}: ${claim.property} does not exist`);
        continue;
      }
      // Layer rows are checked by id built from the spec (`L-${spec.id}`); every other check names its claim literally.
      const text = readFileSync(file, 'utf8');
      const named = claim.id.startsWith('L-') ? text.includes('L-${') : text.includes(`'${claim.id}'`);
      if (!named) missing.push(`${claim.id}: ${claim.property} never checks it`);
    }
    expect(missing).toEqual([]);
  });

  it('checkClaim takes only ids the catalog has (a misspelled id fails the typecheck)', () => {
    // Never called: tsc (npm test's second step) fails if this line stops being a type error.
    const property = fc.property(fc.integer(), () => true);
    const _typo = () => {
      // @ts-expect-error 'C99-no-such-claim' is not a ClaimId
      return checkClaim('C99-no-such-claim', 'typo', property, { numRuns: 1, minRuns: 1 });
    };
    expect(typeof _typo).toBe('function');
  });
});
