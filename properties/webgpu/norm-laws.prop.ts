// The webgpu slice, norm laws: every spec's laws (as properties/norm-layers.prop.ts checks them on
// wasm) on the webgpu backend, fewer runs each to fit the slice's time. Each law is its own ledger
// check, named "... (on webgpu)" beside the wasm one. Skipped, with the reason printed, without an adapter.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { assertExpectedVerdict, checkClaim } from '../../src/claims/check-claim.js';
import { normLaws } from '../../src/claims/properties/norm-laws.js';
import { loadNormSpecs } from '../../src/norm/registry.js';
import { webgpuForSlice } from '../../src/testing/webgpu-slice.js';

const specs = await loadNormSpecs();
const webgpu = await webgpuForSlice('norm laws');
// A tenth of the wasm runs (at least 2): lavapipe on 2 cores is several times slower than wasm.
const runsOnWebgpu = (wasmRuns: number) => Math.max(2, Math.ceil(wasmRuns / 10));

describe.skipIf(!webgpu).each(specs.map((spec) => [spec.id, spec] as const))('%s on webgpu', (_id, spec) => {
  for (const law of normLaws(spec)) {
    it(`${law.name} (on webgpu)`, async () => {
      expect(tf.getBackend()).toBe('webgpu');
      const tensors = tf.memory().numTensors;
      const runs = runsOnWebgpu(law.numRuns);
      assertExpectedVerdict(
        await checkClaim(`L-${spec.id}`, `${law.name} (on webgpu)`, law.property, { numRuns: runs, minRuns: runs }),
      );
      expect(tf.memory().numTensors - tensors, 'tensors left behind').toBe(0);
    });
  }
});
