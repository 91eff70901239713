// The paste-ready reproduction of tfjs's wasm MaxPoolGrad bug stays runnable: it must show the bug
// while tfjs has it. When tfjs fixes it this fails, and the package's MaxPoolGrad can go.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'max-pool-grad-flt-min.mjs');

describe("tfjs wasm MaxPoolGrad's FLT_MIN start (reproduction for tfjs)", () => {
  it('runs as pasted and shows the bug: cpu routes the gradient to the max, wasm to x[0]', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 60_000 });
    expect(stdout).toContain('cpu:  [0,1,0,0]');
    expect(stdout).toContain('wasm: [1,0,0,0]');
    expect(stdout).toContain('differ: the bug shows');
  });
});
