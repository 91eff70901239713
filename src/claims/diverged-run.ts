import { describeDivergence, type Divergence } from '../experiment/divergence.js';

/**
 * Thrown by a claim's property when a training run it reads diverged: the run's figures are NaN or
 * infinite, so the claim cannot be judged on them. checkClaim turns it into the verdict 'diverged'
 * (with the step where it began) instead of a holds/refuted verdict computed from NaN.
 */
export class DivergedRunError extends Error {
  constructor(readonly divergence: Divergence) {
    super(`the training run ${describeDivergence(divergence)}`);
    this.name = 'DivergedRunError';
  }
}

/** Passes a trace through unchanged unless it diverged. */
export function assertNotDiverged<T extends { divergence?: Divergence }>(record: T): T {
  if (record.divergence) throw new DivergedRunError(record.divergence);
  return record;
}
