// The shipped SIMD binaries (src/simd-kernels.generated.ts) must be what the .wat source
// compiles to today: an edit to the source without `npm run build:simd` would test and run old code.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileSimdKernels, GENERATED_FILE, renderGenerated } from './simd-kernels-source.js';

describe('the generated SIMD kernels', () => {
  it('are the current compile of simd-kernels.wat (else run `npm run build:simd`)', async () => {
    const fresh = renderGenerated(await compileSimdKernels());
    expect(
      fs.readFileSync(GENERATED_FILE, 'utf8') === fresh,
      `${GENERATED_FILE} is stale: run npm run build:simd`,
    ).toBe(true);
  });
});
