#!/usr/bin/env -S npx tsx
// Rebuilds src/backend/simd-kernels.generated.ts from src/backend/simd-kernels.wat.
import fs from 'node:fs';
import { defineCommand, runCommand } from '../src/cli/command.js';
import { compileSimdKernels, GENERATED_FILE, renderGenerated } from './simd-kernels-source.js';

await runCommand(
  defineCommand({
    name: 'build:simd',
    usage: 'npm run build:simd',
    summary:
      "Compiles normprop's SIMD kernels (src/backend/simd-kernels.wat) into src/backend/simd-kernels.generated.ts.",
    options: [],
    run: async () => {
      const binaries = await compileSimdKernels();
      fs.writeFileSync(GENERATED_FILE, renderGenerated(binaries));
      console.log(`wrote ${GENERATED_FILE} (${binaries.shared.length} + ${binaries.unshared.length} bytes of wasm)`);
    },
  }),
);
