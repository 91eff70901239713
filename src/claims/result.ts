import type { KernelProvenance } from '../backend/kernel-provenance.js';
import type { Divergence } from '../experiment/divergence.js';
import type { Rate } from '../stats/clopper-pearson.js';

/** Every verdict a check can store, worst first (the ledger's severity order); a stored part with any other is refused. */
export const VERDICTS = [
  'error',
  'regressed',
  'diverged',
  'inconclusive',
  'fixed upstream',
  'undecided',
  'known bug',
  'refuted',
  'measured',
  'holds',
] as const;

/** Verdicts that fail the suite. */
export const FAILING_VERDICTS: readonly string[] = ['regressed', 'error', 'diverged', 'inconclusive', 'fixed upstream'];

/** What one check of a claim found. Pure data, written by the check, read by the ledger report. */
export type Verdict =
  /** expected to hold, and no counterexample was found */
  | 'holds'
  /** expected to be refuted, and fast-check found (and shrank) a counterexample */
  | 'refuted'
  /** a figure was measured */
  | 'measured'
  /**
   * a verdict the data decide, where the sample reached its cap and the decision rule's interval still
   * straddles the threshold: the data do not decide the claim either way (never folded into 'measured')
   */
  | 'undecided'
  /** the library's behaviour moved against the expectation: this fails the suite */
  | 'regressed'
  /** too few runs completed within the time limit to say anything: this fails the suite */
  | 'inconclusive'
  /** a training run the check read went NaN/Inf: its figures are not numbers, this fails the suite */
  | 'diverged'
  /**
   * the harness itself failed (an exception outside the property's assertion, an unsupported shape):
   * says nothing about the layer, and fails the suite
   */
  | 'error'
  /** a known bug of the library (the claim's knownBug) still shows, as expected: passes */
  | 'known bug'
  /** a known bug no longer shows: the library fixed it; fails the suite until the knownBug entry goes */
  | 'fixed upstream';

export interface ClaimCheckResult {
  claimId: string;
  /** Which check of the claim (a claim can have several). */
  check: string;
  verdict: Verdict;
  /** Property runs completed, and the least the check accepts. */
  runs: number;
  minRuns: number;
  seed: number;
  /** fast-check's shrunk counterexample, as fast-check prints it. */
  counterexample?: string;
  shrinks?: number;
  /**
   * One line that pastes into bash and reruns exactly this case: the seed, fast-check's path
   * (NORMPROP_PATH) and a -t filter naming the test.
   */
  replay: string;
  /** With a failure: fast-check's path to the (shrunk) counterexample, relative to generated cases. */
  path?: string;
  /** What a failing run reported (the assertion message). */
  failure?: string;
  /** Figures a measurement (or a property) recorded. */
  measured?: Record<string, unknown>;
  /** With 'diverged': where the (shrunk) counterexample's run stopped producing numbers. */
  divergence?: Divergence;
  /** Stored counterexamples of earlier failing runs that were replayed first (the failure database). */
  replayed?: number;
  /** The model the check ran on: "resnet50", or the small family's shape. */
  model?: string;
  /** The TF.js backend the check ran on. */
  backend?: string;
  /** The kernels it ran on: stock tfjs, or normprop's accelerator (which ones; SIMD module or JS). */
  kernels?: KernelProvenance;
  /** A measured rate: k of n runs, with its exact 95% interval. */
  rate?: Rate;
  /** For a refuted claim: the figures of the (shrunk) counterexample that show the claim's mechanism. */
  witness?: Record<string, number>;
  /** Kernel warm-up before the check, not counted against its time limits. */
  warmUpSeconds?: number;
  seconds: number;
  /** When the check stored it (ISO 8601): a partial ledger gathers rows of several runs. */
  date?: string;
}
