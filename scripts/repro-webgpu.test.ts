// The webgpu slice, repro: `npm run repro -- --backend webgpu --stages 1,1 --width 8 --size 64`, with
// fewer epochs (2 + 1) to fit the slice's time, must print the adapter it runs on and finish with a
// record made on webgpu. Skipped, with the reason printed, without an adapter.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ReproRecord } from '../src/experiment/repro-record.js';
import { webgpuForSlice } from '../src/testing/webgpu-slice.js';
import { PROJECT_ROOT as root } from '../src/settings.js';

const run = promisify(execFile);
const webgpu = await webgpuForSlice('repro');

describe.skipIf(!webgpu)('npm run repro on webgpu', () => {
  it('prints the adapter, trains the small ResNet on webgpu and writes its record', async () => {
    const json = path.join(await mkdtemp(path.join(os.tmpdir(), 'normprop-repro-webgpu-')), 'record.json');
    const args = [
      '--backend',
      'webgpu',
      '--stages',
      '1,1',
      '--width',
      '8',
      '--size',
      '64',
      '--epochs',
      '2',
      '--fix-epochs',
      '1',
      '--json',
      json,
    ];
    const { stdout } = await run('npm', ['run', '-s', 'repro', '--', ...args], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    expect(stdout).toMatch(/backend webgpu \(tfjs "webgpu", GPU \(WebGPU via Dawn\/Vulkan: .+\)\)/);
    expect(stdout).toContain('model.predict(imgs):');
    const record = JSON.parse(await readFile(json, 'utf8')) as ReproRecord;
    expect(record.backend).toBe('webgpu');
    expect(record.device).toBe(webgpu!.device);
    const { question } = record.runs;
    expect(question.epochs).toHaveLength(2);
    for (const row of question.predict) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    console.log(
      `[normprop] repro on webgpu (${record.device}): ${record.wallSeconds.toFixed(1)} s, predict row 0 ${question.predict[0].map((v) => v.toFixed(5)).join(' ')}`,
    );
  });
});
