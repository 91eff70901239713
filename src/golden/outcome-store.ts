import path from 'node:path';
import { PartsStore } from '../io/parts-store.js';
import type { GoldenOutcome } from './check.js';

/** Golden outcomes, one file per golden, joined into reports/golden-diff.{md,html} at the end of the run. */
export const GOLDEN_PARTS_DIR = process.env.NORMPROP_GOLDEN_PARTS ?? path.join('reports', 'golden-parts');
export const goldenOutcomes = (dir = GOLDEN_PARTS_DIR) => new PartsStore<GoldenOutcome>(dir);
