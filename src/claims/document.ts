import { InputError } from '../errors.js';
import type { Claim } from './claim.js';

/**
 * A document whose claims the ledger checks: a paper, an answer, a manual page. One file per document
 * under src/claims/documents/; its claims cite a place in it (section, equation, figure, paragraph).
 */
export interface ClaimDocument {
  /** Short, stable id: ledger rows carry it. */
  id: string;
  title: string;
  authors: string[];
  year: number;
  /** A stable reference: an arXiv id, a DOI, a public address, or (for a text kept in the repository) its path. */
  reference: { arxiv: string } | { doi: string } | { url: string } | { file: string };
  claims: Claim[];
}

/** A document without its claims: what the ledger shows above the document's rows. */
export type DocumentHeader = Omit<ClaimDocument, 'claims'>;

export function referenceText(reference: ClaimDocument['reference']): string {
  if ('arxiv' in reference) return `arXiv:${reference.arxiv}`;
  if ('doi' in reference) return `doi:${reference.doi}`;
  if ('url' in reference) return reference.url;
  return reference.file;
}

/** A document whose claims keep their ids as literal types: checkClaim takes only ids the catalog has. */
export type TypedDocument<Id extends string> = Omit<ClaimDocument, 'claims'> & { claims: (Claim & { id: Id })[] };

/** Stamps the document's id on each of its claims, so a claim always knows where it comes from. */
export function defineDocument<const Id extends string>(
  doc: Omit<ClaimDocument, 'claims'> & { claims: (Omit<Claim, 'document'> & { id: Id })[] },
): TypedDocument<Id> {
  const seen = new Set<string>();
  for (const c of doc.claims) {
    if (seen.has(c.id)) throw new InputError(`document ${doc.id}: claim id ${c.id} appears twice`);
    seen.add(c.id);
  }
  return { ...doc, claims: doc.claims.map((c) => ({ ...c, document: doc.id })) };
}
