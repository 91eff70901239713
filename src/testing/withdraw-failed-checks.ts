// vitest setup file: every test starts with no rows of its own, and a test that fails withdraws the
// verdicts its checks stored (src/claims/ledger-store.ts), so the ledger never publishes a check whose
// test failed as a pass or a refutation.
import { beforeEach } from 'vitest';
import { startTestRows, withdrawTestRows } from '../claims/ledger-store.js';

beforeEach((context) => {
  startTestRows();
  context.onTestFailed(async ({ task }) => {
    const first = task.result?.errors?.[0];
    await withdrawTestRows((first?.message ?? 'unknown failure').split('\n')[0]);
  });
});
