// The webgpu slice, goldens: two small goldens (made on wasm) rerun on webgpu and compared with the
// cross-backend tolerances. Prints, per kind of field, the largest error as a share of its tolerance
// (the README's webgpu column comes from these lines). Outcomes go to the golden diff as NAME@webgpu;
// the goldens themselves are never written here. Skipped, with the reason printed, without an adapter.
import { describe, expect, it } from 'vitest';
import { canonicalByName, runCanonicalExperiment } from '../src/experiment/canonical-experiments.js';
import { canonicalRecord } from '../src/golden/canonical-record.js';
import { compareRecords } from '../src/golden/compare.js';
import { goldenOutcomes } from '../src/golden/outcome-store.js';
import { goldenPath, readGolden } from '../src/golden/store.js';
import { flatten } from '../src/golden/record.js';
import { kindOf, toleranceFor } from '../src/golden/tolerance.js';
import { webgpuForSlice } from '../src/testing/webgpu-slice.js';

// Made on (goldens) or checking (kernels) normprop's kernel set.
const webgpu = await webgpuForSlice('goldens', process.env, undefined, 'normprop');
const NAMES = ['small-m0.99-e5-depth1', 'small-m0.99-e2-depth2'];

describe.skipIf(!webgpu)('small goldens checked on webgpu', () => {
  for (const name of NAMES) {
    it(`${name}: its golden (made on another backend) holds on webgpu within the cross-backend tolerances`, async () => {
      const expected = await readGolden(name);
      expect(expected, `golden/${name}.json`).toBeDefined();
      const experiment = canonicalByName(name);
      const obtained = canonicalRecord(experiment, await runCanonicalExperiment(experiment), webgpu!);
      expect(obtained.provenance.backend).toBe('webgpu');
      const diff = compareRecords(expected!, obtained);
      expect(diff.crossBackend, `the golden was made on ${diff.expectedBackend}`).toBe(true);
      // Per kind: the largest error as the tolerance measures it (relative to each value, or to the field's largest |value|), and as a share of the tolerance.
      const worst = new Map<string, { error: number; share: number }>();
      for (const field of Object.keys(expected!.fields)) {
        if (!(field in obtained.fields)) continue;
        const e = flatten(expected!.fields[field], field).values;
        const o = flatten(obtained.fields[field], field).values;
        const t = toleranceFor(field, true);
        const fieldScale = Math.max(0, ...e.map(Math.abs));
        const w = worst.get(kindOf(field)) ?? { error: 0, share: 0 };
        e.forEach((ev, i) => {
          const scale = t.scale === 'field' ? fieldScale : Math.abs(ev);
          const a = Math.abs(o[i] - ev);
          w.error = Math.max(w.error, t.rel > 0 ? a / Math.max(scale, 1e-30) : a);
          w.share = Math.max(w.share, a / (t.abs + t.rel * scale));
        });
        worst.set(kindOf(field), w);
      }
      console.log(
        `[normprop] ${name} on webgpu vs ${diff.expectedBackend}: ${[...worst].map(([k, w]) => `${k} ${w.error.toExponential(2)} (${(100 * w.share).toFixed(0)}% of tolerance)`).join('; ')}`,
      );
      const failing = diff.fields.filter((f) => f.mismatches > 0);
      await goldenOutcomes().write(`${name}@webgpu`, {
        name: `${name}@webgpu`,
        status: diff.passed ? 'passed' : 'mismatch',
        failed: !diff.passed,
        message: `${goldenPath(name)} checked on webgpu: ${diff.passed ? 'matches' : `${failing.length} fields beyond the cross-backend tolerance`}`,
        golden: goldenPath(name),
        diff,
      });
      expect(failing.map((f) => `${f.field}: max abs ${f.maxAbs}, max rel ${f.maxRel}`)).toEqual([]);
    });
  }
});
