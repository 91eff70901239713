import { defineConfig } from 'vitest/config';

// The opt-in ResNet50 tier (npm run test:resnet50): C06, C07a and C09 as properties on the Keras
// ResNet50 at 197x197. Minutes per run on a CPU, so it is not part of npm test; its checks join the
// ledger the last npm test wrote.
export default defineConfig({
  test: {
    include: ['properties/resnet50.tier.ts'],
    pool: 'forks',
    testTimeout: 7_200_000,
    hookTimeout: 600_000,
    reporters: ['default'],
    globalSetup: ['src/testing/global-setup-append.ts'],
    // A test that fails after its claim check withdraws the check's verdict (an error in the ledger).
    setupFiles: ['src/testing/withdraw-failed-checks.ts'],
  },
});
