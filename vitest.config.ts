import os from 'node:os';
import { defineConfig } from 'vitest/config';
import { coreLayout, maxWorkersFlag, semiSpaceFlag, WORKER_SEMI_SPACE_MB } from './src/backend/core-layout.js';
import { LongFilesFirstSequencer } from './src/testing/long-files-first.js';
import { narrowedByArgv } from './src/testing/run-scope.js';

// A narrowed run's coverage goes beside its partial reports, never over the full run's (nor judged by its thresholds).
const narrowed = narrowedByArgv(process.argv);
const layout = coreLayout(os.availableParallelism(), maxWorkersFlag(process.argv));
// Workers are forked from this process and inherit its environment; a person's NORMPROP_THREADS stands.
process.env.NORMPROP_THREADS ??= String(layout.threads);

export default defineConfig({
  test: {
    include: [
      'properties/**/*.prop.ts',
      'src/**/*.test.ts',
      'scripts/**/*.test.ts',
      'golden/**/*.test.ts',
      // The kernels package's own checks: properties against tfjs's kernels, the SIMD build, the tfjs bug reproduction.
      'packages/*/properties/**/*.prop.ts',
      'packages/*/**/*.test.ts',
    ],
    // Each file gets its own process: TF.js keeps global backend state, and wasm memory is per process.
    pool: 'forks',
    // One file per core at once, each wasm backend on cores / workers threads (src/backend/core-layout.ts).
    maxWorkers: layout.workers,
    // A larger young generation: tiny models' training steps are allocation-heavy (core-layout.ts).
    execArgv: [semiSpaceFlag(WORKER_SEMI_SPACE_MB)],
    // The ResNet50 golden check starts first, also on a fresh clone with no recorded durations.
    sequence: { sequencer: LongFilesFirstSequencer },
    // Training tests take seconds on 2 cores; properties set their own fast-check time limits.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    globalSetup: ['src/testing/global-setup.ts'],
    // A test that fails after its claim check withdraws the check's verdict (an error in the ledger).
    setupFiles: ['src/testing/withdraw-failed-checks.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'scripts/**/*.ts', 'packages/*/src/**/*.ts', 'packages/*/scripts/**/*.ts'],
      exclude: ['**/*.test.ts', '**/*.chromium.ts'],
      // lcov and a JSON summary for CI tools; html for a person (index.html links it).
      reporter: ['text-summary', 'html', 'lcov', 'json-summary'],
      reportsDirectory: narrowed ? 'reports/partial/coverage' : 'reports/coverage',
      // Measured on the whole suite: 76.4% statements, 68.7% branches, 81.2% functions, 78.5% lines;
      // scripts run as child processes count as uncovered. A shard or a narrowed run covers only its
      // part: a shard's thresholds are checked on the merged run (vitest --merge-reports --coverage).
      thresholds: narrowed ? undefined : { statements: 73, branches: 65, functions: 77, lines: 75 },
    },
  },
});
