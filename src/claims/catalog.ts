import { InputError } from '../errors.js';
import type { Claim } from './claim.js';
import { listNormSpecFiles } from '../norm/registry.js';
import type { ClaimDocument, DocumentHeader } from './document.js';
import seed from './documents/seed-resnet-batchnorm.js';
import ioffeSzegedy2015 from './documents/ioffe-szegedy-2015.js';
import wuHe2018 from './documents/wu-he-2018.js';
import baKirosHinton2016 from './documents/ba-kiros-hinton-2016.js';
import kerasBatchNormDocstring from './documents/keras-batchnorm-docstring.js';
import kerasIoTransferLearning from './documents/keras-io-transfer-learning.js';
import kerasIssue4762 from './documents/keras-issue-4762.js';
import pytorchBatchNorm2d from './documents/pytorch-batchnorm2d.js';
import kerasIssue9214 from './documents/keras-issue-9214.js';
import wuJohnson2021 from './documents/wu-johnson-2021.js';

/** Every claim id a check may name: the documents' claims, the known bugs, and one row per layer spec. */
export type ClaimId =
  | (typeof seed)['claims'][number]['id']
  | (typeof ioffeSzegedy2015)['claims'][number]['id']
  | (typeof wuHe2018)['claims'][number]['id']
  | (typeof baKirosHinton2016)['claims'][number]['id']
  | (typeof kerasBatchNormDocstring)['claims'][number]['id']
  | (typeof kerasIoTransferLearning)['claims'][number]['id']
  | (typeof kerasIssue4762)['claims'][number]['id']
  | (typeof pytorchBatchNorm2d)['claims'][number]['id']
  | (typeof kerasIssue9214)['claims'][number]['id']
  | (typeof wuJohnson2021)['claims'][number]['id']
  | (typeof KNOWN_BUGS)[number]['id']
  | `L-${string}`;

/** Keeps the known bugs' ids as literal types (see ClaimId). */
function knownBugs<const Id extends string>(claims: (Claim & { id: Id })[]): (Claim & { id: Id })[] {
  return claims;
}

/** Every document the ledger checks, in ledger order. To add one, see docs/extending.md "Add a document". */
export const DOCUMENTS: ClaimDocument[] = [
  seed,
  ioffeSzegedy2015,
  wuHe2018,
  baKirosHinton2016,
  kerasBatchNormDocstring,
  kerasIoTransferLearning,
  kerasIssue4762,
  kerasIssue9214,
  pytorchBatchNorm2d,
  wuJohnson2021,
];

/** The seed document's claims (C01-C15, O1-O2). */
export const CLAIMS: Claim[] = seed.claims;

/** The layer-spec rows' pseudo-document: normprop's own specs, not a publication. */
export const SPECS_DOCUMENT: DocumentHeader = {
  id: 'normprop-specs',
  title: "normprop's normalization-layer specs",
  authors: ['normprop'],
  year: 2026,
  reference: { file: 'src/norm/specs/' },
};

export function documentHeaders(): DocumentHeader[] {
  return [...DOCUMENTS.map(({ claims: _claims, ...header }) => header), SPECS_DOCUMENT, KNOWN_BUGS_DOCUMENT];
}

/**
 * One ledger row per normalization-layer spec (src/norm/specs/, and NORMPROP_NORM_SPECS folders):
 * the laws its spec declares, checked by properties/norm-layers.prop.ts. These come from normprop's
 * own specs, not from the seed document; the source column names the spec file.
 */
export function layerClaims(specIds: string[] = listNormSpecFiles().map((f) => f.id)): Claim[] {
  return specIds.map((id) => ({
    id: `L-${id}`,
    statement: `The ${id} layer obeys the laws its spec declares: its normalization, training vs inference, running statistics, invariances, gradient, save/load and what fit() trains.`,
    document: SPECS_DOCUMENT.id,
    source: { quote: `src/norm/specs/${id}.ts`, place: 'normalization layer spec (normprop, not the seed document)' },
    kind: 'testable',
    expectation: 'holds',
    role: 'spec',
    property: 'properties/norm-layers.prop.ts',
  }));
}

/** The known-bug rows' pseudo-document: bugs of the libraries underneath that the harness has met. */
export const KNOWN_BUGS_DOCUMENT: DocumentHeader = {
  id: 'tfjs-known-bugs',
  title: 'tfjs bugs normprop has met',
  authors: ['normprop'],
  year: 2026,
  reference: { file: 'src/claims/catalog.ts' },
};

/**
 * tfjs bugs the harness has met. Each is checked as a property that must keep failing with the bug's
 * symptom (verdict 'known bug'); when tfjs fixes it the verdict turns 'fixed upstream' and the suite
 * fails, so the entry and its workaround can go.
 */
export const KNOWN_BUGS = knownBugs([
  {
    id: 'K-tfjs-layernorm-no-affine-gradient',
    document: KNOWN_BUGS_DOCUMENT.id,
    statement: 'tfjs 4.22: the input gradient of layerNormalization({center: false, scale: false}) throws inside tfjs.',
    source: {
      quote: "Cannot read properties of undefined (reading 'dataId') (cpu; 'dtype' on wasm)",
      place: 'tfjs-layers LayerNormalization, met by normprop',
    },
    kind: 'testable',
    expectation: 'known-bug',
    role: 'library-bug',
    symptom: "Cannot read properties of undefined \\(reading '(dataId|dtype)'\\)",
    property: 'properties/known-tfjs-bugs.prop.ts',
    note: 'normprop specs use LayerNormalization with gamma and beta, where the gradient works.',
  },
  {
    id: 'K-tfjs-fused-batchnorm-rank2-gradient',
    document: KNOWN_BUGS_DOCUMENT.id,
    statement:
      "tfjs 4.22: tfjs's own FusedBatchNorm gradient throws for a rank-2 input with per-channel statistics (BatchNorm after Dense).",
    source: {
      quote: 'rank of input 4 must match length of reps',
      place: 'tfjs-core gradients/FusedBatchNorm_grad.ts, met by normprop',
    },
    kind: 'testable',
    expectation: 'known-bug',
    role: 'library-bug',
    symptom: 'must match length of reps',
    property: 'properties/known-tfjs-bugs.prop.ts',
    note: "normprop registers its own FusedBatchNorm gradient (packages/tfjs-wasm-kernels/src/batch-norm-gradient.ts, normprop kernel set), which handles rank 2; this row checks tfjs's.",
  },
  {
    id: 'K-tfjs-wasm-maxpool-gradient',
    document: KNOWN_BUGS_DOCUMENT.id,
    statement:
      "tfjs 4.22: the wasm backend's MaxPoolGrad sends the gradient of a pooling window whose values are all negative to the input's first element, so it is lost unless the window holds that element, instead of reaching the window's max (the cpu backend's gradient).",
    source: {
      quote: 'return {std::numeric_limits<float>::min(), 0};',
      place:
        'tfjs-backend-wasm src/cc/kernels/MaxPoolGrad.cc (the running max starts at FLT_MIN, offset 0), met by normprop',
    },
    kind: 'testable',
    expectation: 'known-bug',
    role: 'library-bug',
    symptom: 'window\\(s\\) whose values are all negative sent to x\\[0\\]',
    property: 'properties/known-tfjs-bugs.prop.ts',
    note: "normprop registers its own wasm MaxPoolGrad (packages/tfjs-wasm-kernels/src/wasm-max-pool-gradient.ts, normprop kernel set), equal to the cpu backend's; this row checks tfjs's. tfjs's also keeps the last of equal maxima (cpu: the first); the check draws distinct values, so only the FLT_MIN start shows.",
  },
]);

/** Every row of the ledger: each document's claims, one per normalization-layer spec, then the known tfjs bugs. */
export function ledgerClaims(documents: ClaimDocument[] = DOCUMENTS): Claim[] {
  return uniqueClaims([...documents.flatMap((d) => d.claims), ...layerClaims(), ...KNOWN_BUGS]);
}

/** A claim id used twice (in two documents) would give two rows and count twice: refused, naming both. */
function uniqueClaims(claims: Claim[]): Claim[] {
  const seen = new Map<string, Claim>();
  for (const c of claims) {
    const first = seen.get(c.id);
    if (first)
      throw new InputError(
        `claim id ${c.id} is defined by document ${first.document} and again by document ${c.document}`,
      );
    seen.set(c.id, c);
  }
  return claims;
}

export function claimById(id: string): Claim {
  const claims = id.startsWith('L-') ? ledgerClaims() : [...DOCUMENTS.flatMap((d) => d.claims), ...KNOWN_BUGS];
  const claim = claims.find((c) => c.id === id);
  if (!claim) throw new Error(`unknown claim "${id}"; the ledger knows ${claims.map((c) => c.id).join(', ')}`);
  return claim;
}
