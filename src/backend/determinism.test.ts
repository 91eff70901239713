import { describe, expect, it } from 'vitest';
import type { GoldenOutcome } from '../golden/check.js';
import { goldenDiffHtml, goldenDiffMarkdown } from '../report/golden-diff.js';
import { BACKEND_NAMES } from './candidates.js';
import { BACKEND_DETERMINISM, determinismOf } from './determinism.js';
import { describeBackend } from './select.js';

const outcome = (expectedBackend: string, obtainedBackend: string): GoldenOutcome => ({
  name: 'case',
  status: 'passed',
  failed: false,
  message: 'golden/case.json: matches',
  golden: 'golden/case.json',
  diff: {
    passed: true,
    crossBackend: expectedBackend !== obtainedBackend,
    expectedBackend,
    obtainedBackend,
    fields: [],
  } as unknown as GoldenOutcome['diff'],
});

describe('the reports say when a backend is known not to be deterministic', () => {
  it('every backend normprop can select has a stated determinism', () => {
    for (const name of BACKEND_NAMES) expect(BACKEND_DETERMINISM[name], name).toBeDefined();
    expect(determinismOf('wasm').deterministic).toBe(true);
    expect(determinismOf('node-gpu').deterministic).toBe(false);
    expect(determinismOf('something-new').deterministic).toBe(false);
  });

  it('the backend line of repro, golden:update, bench and soak carries the note; a deterministic backend gets none', () => {
    const info = {
      name: 'node-gpu' as const,
      tfName: 'tensorflow',
      device: 'GPU',
      tfjsVersion: '4.22.0',
      skipped: [],
      kernels: { set: 'stock' as const, packages: {} },
    };
    expect(describeBackend(info)).toMatch(/\nnote: backend node-gpu is known not to be deterministic \(cuDNN/);
    expect(describeBackend({ ...info, name: 'wasm', tfName: 'wasm' })).not.toMatch(/note:/);
  });

  it('the golden diff names a non-deterministic backend that made or checked a golden', () => {
    expect(goldenDiffMarkdown([outcome('node-gpu', 'wasm')])).toMatch(
      /\*\*Note:\*\* backend node-gpu is known not to be deterministic/,
    );
    expect(goldenDiffHtml([outcome('wasm', 'node')])).toMatch(
      /<b>Note:<\/b> backend node is known not to be deterministic/,
    );
    expect(goldenDiffMarkdown([outcome('wasm', 'wasm')])).not.toMatch(/Note:/);
  });
});
