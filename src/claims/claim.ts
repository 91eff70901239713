/**
 * A claim of one document (src/claims/documents/), in our words, with the place it comes from and what
 * we expect a check to find. Claims know nothing of files or tests; the ledger joins them with results.
 */
export type ClaimKind = 'testable' | 'measurement' | 'opinion';

/**
 * holds: a property that must pass (a counterexample fails the suite).
 * refuted: a property fast-check must falsify (no counterexample within budget fails the suite).
 * measured: a figure the suite records (a spread, a rate); it fails only if it cannot be measured.
 * not-testable: an opinion, kept with the reason.
 * known-bug: a library bug the harness has met; the check must keep failing with the bug's symptom
 * until the library fixes it (then the verdict is 'fixed upstream', and the suite fails so the entry goes).
 */
export type Expectation = 'holds' | 'refuted' | 'measured' | 'not-testable' | 'known-bug';

/**
 * What a claim is to its document, which decides what its verdict says:
 * - claim: the document's own claim; refuted means the document is wrong there;
 * - naive-reading: a reading the document argues against, stated so that the document's point refutes
 *   it (C06, GN2); refuted means the document is right;
 * - library-departure: the document's algorithm or documented rule, checked on a library that departs
 *   from it (BN4, KBN1: tfjs departs from Keras's documentation); refuted means the library departs, not
 *   that the document is wrong;
 * - spec: normprop's own statement of a layer's laws (the L- rows);
 * - library-bug: a bug of the library normprop has met (the K- rows).
 */
export type ClaimRole = 'claim' | 'naive-reading' | 'library-departure' | 'spec' | 'library-bug';

export interface Claim {
  id: string;
  /** The id of the document that makes the claim (set by defineDocument). */
  document: string;
  /** One line, in our words. */
  statement: string;
  source: {
    /** A short quote (a phrase, for a paper: the claim itself is in our words). */
    quote?: string;
    /** Where it stands in the document: section, equation, figure or paragraph. */
    place: string;
  };
  kind: ClaimKind;
  expectation: Expectation;
  /** Default 'claim'. */
  role?: ClaimRole;
  /** The property file that checks it (none for opinions). */
  property?: string;
  /** Why an opinion cannot be tested, or what a measurement reports. */
  note?: string;
  /** With expectation 'known-bug': the failure message that shows the bug (a regular expression's source). */
  symptom?: string;
}
