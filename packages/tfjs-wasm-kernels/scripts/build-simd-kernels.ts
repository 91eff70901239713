#!/usr/bin/env -S npx tsx
// Rebuilds src/simd-kernels.generated.ts from src/simd-kernels.wat (npm run build:simd, here or at
// the repository's root). A plain script: the package imports nothing of the harness.
import fs from 'node:fs';
import { compileSimdKernels, GENERATED_FILE, renderGenerated } from './simd-kernels-source.js';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('Usage: npm run build:simd\n\nCompiles src/simd-kernels.wat into src/simd-kernels.generated.ts.');
} else {
  const binaries = await compileSimdKernels();
  fs.writeFileSync(GENERATED_FILE, renderGenerated(binaries));
  console.log(`wrote ${GENERATED_FILE} (${binaries.shared.length} + ${binaries.unshared.length} bytes of wasm)`);
}
