#!/usr/bin/env -S npx tsx
// One backend's measurements for `npm run bench`, in a process of its own; prints JSON on stdout.
import { selectBackend } from '../src/backend/select.js';
import { measureBackend } from '../src/bench/measure-backend.js';
import { runMain } from '../src/cli/run-main.js';

await runMain(async () => {
  const options = JSON.parse(process.argv[3] ?? '{}');
  const info = await selectBackend(process.argv[2] as never, { threads: options.threads });
  const result = await measureBackend(info.name, info.device, options, info.threads);
  process.stdout.write(`${JSON.stringify(result)}\n`);
});
