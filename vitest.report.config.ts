import { defineConfig } from 'vitest/config';

// The browser check of reports/index.html. It runs after the main suite (npm test) or after
// `npm run report`, because the page is written when the main suite's last file has finished.
export default defineConfig({
  test: {
    include: ['src/report/index-page.chromium.ts'],
    testTimeout: 120_000,
    reporters: ['default'],
  },
});
