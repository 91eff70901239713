#!/usr/bin/env -S npx tsx
// One backend's measurements for `npm run bench`, in a process of its own; prints JSON on stdout.
import { selectBackend } from '../src/backend/select.js';
import { measureBackend } from '../src/bench/measure-backend.js';
import { defineCommand, runCommand } from '../src/cli/command.js';

async function measure(_: unknown, [name, json]: string[]): Promise<void> {
  const options = JSON.parse(json ?? '{}');
  const info = await selectBackend(name as never, {
    threads: options.threads,
    kernels: options.kernels,
    realGpuOnly: options.realGpuOnly,
  });
  const result = await measureBackend(info.name, info.device, options, info.threads);
  process.stdout.write(`${JSON.stringify({ ...result, kernels: info.kernels })}\n`);
}

await runCommand(
  defineCommand({
    name: 'bench-backend',
    usage: 'tsx scripts/bench-backend.ts BACKEND OPTIONS_JSON   (run by npm run bench)',
    summary: "One backend's measurements for npm run bench, printed as JSON.",
    options: [],
    takesOperands: true,
    run: measure,
  }),
);
