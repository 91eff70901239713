// A user's spec whose build() loops forever must not hang the run: the probe's child process is
// killed at its time limit and the message names the file. A working spec passes the probe.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { PROJECT_ROOT as root } from '../settings.js';
import { probeNormSpec } from './norm-spec-probe.js';

/** The shipped RMSNorm example as a user's spec file elsewhere, optionally edited. */
async function userSpec(dir: string, id: string, edit: (text: string) => string = (t) => t): Promise<string> {
  const text = await readFile(path.join(root, 'src/norm/examples/rms-norm.ts'), 'utf8');
  const file = path.join(dir, `${id}.ts`);
  const relocated = text
    .replace("from '../spec.js'", `from '${path.join(root, 'src/norm/spec.js')}'`)
    .replace("id: 'rms-norm'", `id: '${id}'`);
  await writeFile(file, edit(relocated));
  return file;
}

describe('probing a user spec', () => {
  it('kills a build() that loops forever at the limit and names the file; a working spec passes', async () => {
    // Inside the checkout (git ignores .normprop/): the spec imports fast-check and tfjs from its node_modules.
    await mkdir(path.join(root, '.normprop'), { recursive: true });
    const dir = await mkdtemp(path.join(root, '.normprop', 'probe-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const ok = await userSpec(dir, 'rms-norm');
    expect(probeNormSpec(ok)).toBeUndefined();
    const looping = await userSpec(dir, 'loop-norm', (t) =>
      t.replace('build: ({ name, epsilon }) =>', 'build: ({ name, epsilon }) => (() => { for (;;); })() ||'),
    );
    const started = Date.now();
    const why = probeNormSpec(looping, 6000);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(why).toMatch(
      /loop-norm\.ts: loading the spec, building its layer and applying it once did not finish within 6 s/,
    );
    const reshaping = await userSpec(dir, 'flat-norm', (t) =>
      t.replace(
        'build: ({ name, epsilon }) =>',
        'build: ({ name, epsilon }) => tf.layers.dense({ units: 2, name }) ||',
      ),
    );
    expect(probeNormSpec(reshaping)).toMatch(
      /flat-norm\.ts: its layer changes the shape of its input \(\[3,4\] -> \[3,2\] in training mode\)/,
    );
    // One that throws is left to its laws, which report the error each.
    const throwing = await userSpec(dir, 'throw-norm', (t) =>
      t.replace(
        'build: ({ name, epsilon }) =>',
        "build: ({ name, epsilon }) => (() => { throw new Error('no layer'); })() ||",
      ),
    );
    expect(probeNormSpec(throwing)).toBeUndefined();
  });
});
