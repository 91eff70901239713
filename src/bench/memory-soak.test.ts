// The long run itself is `npm run soak` (200 experiments; a measurement, its figures in docs/backends-and-speed.md).
// Here a short one checks what must hold exactly, whatever the machine: nothing TF.js owns grows.
import { describe, expect, it } from 'vitest';
import { selectBackend } from '../backend/select.js';
import { memorySoak } from './memory-soak.js';

describe('a run of many small experiments', () => {
  it('leaves no tensor behind and does not grow TF.js memory or the wasm heap', async () => {
    await selectBackend('wasm');
    const result = await memorySoak(20, 3, 5);
    expect(result.samples).toHaveLength(5);
    expect(result.baseline.numTensors).toBe(0);
    expect(result.growth.numTensors).toBe(0);
    expect(result.growth.tfBytes).toBe(0);
    expect(result.growth.wasmHeapMb).toBe(0);
    expect(result.baseline.wasmHeapMb).toBeGreaterThan(0); // it did read the wasm heap
    console.log(
      `[normprop] 20 small experiments: js heap +${result.growth.heapUsedMb.toFixed(1)} MB, rss +${result.growth.rssMb.toFixed(1)} MB over the baseline`,
    );
  });
});
