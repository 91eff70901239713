import { PartsStore } from '../io/parts-store.js';
import { goldenPartsDir } from '../settings.js';
import type { GoldenOutcome } from './check.js';

/** Golden outcomes, one file per golden, joined into reports/golden-diff.{md,html} at the end of the run. */
export const goldenOutcomes = (dir = goldenPartsDir()) => new PartsStore<GoldenOutcome>(dir);
