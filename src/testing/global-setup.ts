import type { TestProject } from 'vitest/node';
import { refuseToStart } from './setup-refusal.js';

/**
 * vitest global setup: test-run.ts does the work. It is imported here, inside the refusal, because
 * loading it loads the catalog and its documents: a document that repeats a claim id (refused when
 * its module loads) is then one line and exit 2, not a stack.
 */
export const setup = (project: TestProject): Promise<() => Promise<void>> =>
  refuseToStart(async () => (await import('./test-run.js')).prepareRun(project));
