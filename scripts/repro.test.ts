import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReproRecord } from '../src/experiment/repro-record.js';
import { DEFAULT_IMAGES_DIR, PROJECT_ROOT as root } from '../src/settings.js';

const run = promisify(execFile);

async function repro(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'scripts/repro.ts', ...args], {
      cwd: root,
      env: { ...process.env, NORMPROP_BACKEND: 'wasm' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** stderr less the progress lines (diagnostics, not output): what is left is a warning or an error. */
const unexpectedStderr = (stderr: string) =>
  stderr
    .split('\n')
    .filter((line) => line !== '' && !/^\[repro\] \d+\/\d+ /.test(line))
    .join('\n');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-repro-'));
});

// The full ResNet50 run takes minutes; this one runs the same code on a small ResNet.
const SMALL = ['--stages', '1,1', '--width', '4', '--size', '40', '--epochs', '3', '--fix-epochs', '2'];

describe('npm run repro', () => {
  it('runs the seed experiment on a small ResNet and writes a record whose figures agree with each other', async () => {
    const json = path.join(dir, 'small.json');
    const { code, stdout, stderr } = await repro([...SMALL, '--json', json]);
    expect(unexpectedStderr(stderr)).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Epoch 3\/3\n3\/3 \[=+\] - \S+\/step - loss: \S+ - acc: \S+/);
    expect(stdout).toContain('model.predict(imgs):');
    const record = JSON.parse(await readFile(json, 'utf8')) as ReproRecord;
    expect(record.backend).toBe('wasm');
    // repro's default kernel set is normprop's accelerator, and the record and the backend line say so.
    expect(record.kernels.set).toBe('normprop');
    expect(stdout).toMatch(/kernels: normprop \(replaces .*wasm MaxPoolGrad/);
    expect(record.format).toBe(2);
    expect(record.images.files).toEqual(['1-disk.png', '2-stripes.png', '3-gradient.png']);
    // Inside the project, the folder is named from its root: the record reads the same on every clone.
    expect(record.images).toMatchObject({ dir: 'src/data/default-images', relativeToProject: true });
    const { question, answer } = record.runs;
    expect(question.epochs).toHaveLength(3);
    expect(question.momentum).toBe(0.99);
    expect(question.predict).toHaveLength(3);
    expect(record.params).toBeGreaterThan(0);
    expect(record.wallSeconds).toBeGreaterThan(0);
    // The two runs have one shape: the same fields, each with its training-mode predictions and collapse flag.
    expect(Object.keys(answer!).sort()).toEqual(Object.keys(question).sort());
    for (const run of [question, answer!]) {
      for (const rows of [run.predict, run.trainingModePredict])
        for (const row of rows) expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
      const correct = run.predictedClasses.filter((c, i) => c === record.labels[i]).length;
      expect(run.evaluate.acc).toBeCloseTo(correct / 3, 6);
      const trainingModeCorrect = run.trainingModePredictedClasses.filter((c, i) => c === record.labels[i]).length;
      expect(run.trainingModeEvaluate.acc).toBeCloseTo(trainingModeCorrect / 3, 6);
      expect(run.trainingModeEvaluate.loss).toBeGreaterThanOrEqual(0);
      expect(run.collapsed).toBe(new Set(run.predictedClasses).size === 1);
    }
    expect(answer!.momentum).toBe(0.01);
    expect(answer!.epochs).toHaveLength(2);
  });

  it('--kernels stock trains on tfjs as installed and records it', async () => {
    const json = path.join(dir, 'stock.json');
    const { code, stdout } = await repro([
      ...SMALL,
      '--epochs',
      '1',
      '--fix-epochs',
      '0',
      '--kernels',
      'stock',
      '--json',
      json,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      'kernels: stock (tfjs as installed; normprop adds Conv2DBackpropFilter, which tfjs lacks)',
    );
    const record = JSON.parse(await readFile(json, 'utf8')) as ReproRecord;
    expect(record.kernels).toMatchObject({ set: 'stock', added: ['Conv2DBackpropFilter'] });
  });

  it('is reproducible: the same seed gives the same record on the same backend', async () => {
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    await repro([...SMALL, '--fix-epochs', '0', '--json', a]);
    await repro([...SMALL, '--fix-epochs', '0', '--json', b]);
    const [ra, rb] = [JSON.parse(await readFile(a, 'utf8')), JSON.parse(await readFile(b, 'utf8'))] as ReproRecord[];
    expect(ra.runs.question.predict).toEqual(rb.runs.question.predict);
    expect(ra.runs.question.epochs.map((e) => e.loss)).toEqual(rb.runs.question.epochs.map((e) => e.loss));
    expect(ra.runs.answer).toBeUndefined();
  });

  it('refuses bad flags and inputs with exit code 2, a message naming the flag or path, and no record written', async () => {
    const json = path.join(dir, 'never.json');
    const cases: [string[], RegExp][] = [
      [['--momentum', '1.5'], /--momentum: 1.5 is above the maximum 1/],
      [['--epochs', '0'], /--epochs: 0 is below the minimum 1/],
      [['--size', '0'], /--size: 0 is below the minimum 8/],
      [['--epochs', 'five'], /--epochs: "five" is not a number/],
      [['--frobnicate'], /unknown option or argument: --frobnicate/],
      [['--backend', 'tpu'], /--backend: "tpu" is not one of auto, node-gpu, webgpu, node, wasm, cpu/],
      [['--images', path.join(dir, 'nope')], /nope: cannot read the images folder \(it does not exist\)/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await repro([...SMALL, '--json', json, ...args]);
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    await expect(stat(json)).rejects.toThrow(/ENOENT/);
  });

  it('refuses folders it cannot pair with labels: too few images, a label count that does not match, no images at all', async () => {
    const one = await mkdtemp(path.join(dir, 'one-'));
    await writeFile(
      path.join(one, 'only.png'),
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
        .png()
        .toBuffer(),
    );
    const empty = await mkdtemp(path.join(dir, 'empty-'));
    const json = path.join(dir, 'kept-labels.json');
    await writeFile(json, '{"kept": true}\n');
    const cases: [string[], string | RegExp][] = [
      [['--labels', '0,1'], /--labels: 2 label\(s\) for 3 image\(s\) in \S*default-images; give one class per image/],
      [['--labels', '0,0,0'], /--labels: all 3 image\(s\) in \S*default-images have class 0/],
      [['--labels', '1,1,1'], /--labels: classes must be 0\.\.1, each used at least once; class 0 has no image/],
      [['--labels', '0,-1,1'], /--labels: -1 is below the minimum 0/],
      [['--images', one], `${one}: 1 image(s); the seed experiment needs at least 2 images of at least 2 classes`],
      [['--images', empty], `${empty}: the images folder has no image files`],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await repro([...SMALL, '--json', json, ...args]);
      expect(code, args.join(' ')).toBe(2);
      if (typeof message === 'string') expect(stderr).toContain(message);
      else expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
    expect(await readFile(json, 'utf8')).toBe('{"kept": true}\n');
  });

  it('trains with given labels (two classes over three images) and records them, and a folder outside the project absolutely', async () => {
    const json = path.join(dir, 'labels.json');
    const images = await mkdtemp(path.join(dir, 'outside-'));
    await cp(DEFAULT_IMAGES_DIR, images, { recursive: true });
    const { code, stdout } = await repro([
      '--images',
      images,
      '--stages',
      '1',
      '--width',
      '4',
      '--size',
      '33',
      '--epochs',
      '2',
      '--fix-epochs',
      '0',
      '--labels',
      '0,1,0',
      '--json',
      json,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('labels = [0, 1, 0]');
    const record = JSON.parse(await readFile(json, 'utf8')) as ReproRecord;
    expect(record.labels).toEqual([0, 1, 0]);
    expect(record.config.labels).toEqual([0, 1, 0]);
    for (const row of record.runs.question.predict) expect(row).toHaveLength(2);
    expect(record.images).toMatchObject({ dir: images, relativeToProject: false });
  });

  it('refuses a corrupt image, naming it, and leaves an existing record untouched', async () => {
    const images = await mkdtemp(path.join(dir, 'imgs-'));
    await writeFile(path.join(images, 'a.png'), 'not a png at all');
    await writeFile(
      path.join(images, 'b.png'),
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    );
    const json = path.join(dir, 'kept.json');
    await writeFile(json, '{"kept": true}\n');
    const { code, stderr } = await repro([...SMALL, '--images', images, '--json', json]);
    expect(code).toBe(2);
    expect(stderr).toContain(path.join(images, 'a.png'));
    expect(await readFile(json, 'utf8')).toBe('{"kept": true}\n');
  });

  it('refuses two files that decode to the same pixels under different labels, naming both (exit 2)', async () => {
    const images = await mkdtemp(path.join(dir, 'dups-'));
    const grey = (size: number) =>
      sharp({ create: { width: size, height: size, channels: 3, background: '#808080' } })
        .png()
        .toBuffer();
    // Different files, different sizes: the same pixels only after the repro's own decode and resize.
    await writeFile(path.join(images, 'a.png'), await grey(8));
    await writeFile(path.join(images, 'b.png'), await grey(20));
    await writeFile(
      path.join(images, 'c.png'),
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    );
    const json = path.join(dir, 'dups.json');
    const { code, stderr } = await repro([...SMALL, '--images', images, '--json', json]);
    expect(code).toBe(2);
    expect(stderr).toContain(
      `${path.join(images, 'a.png')} and ${path.join(images, 'b.png')}: identical pixels after decoding and resizing`,
    );
    expect(stderr).not.toMatch(/\n\s+at /);
    await expect(stat(json)).rejects.toThrow(/ENOENT/);
  });

  it('re-runs the seed experiment with every normalization spec (--norm); without running statistics predict() is training mode', async () => {
    const { listNormSpecFiles } = await import('../src/norm/registry.js');
    const ids = listNormSpecFiles().map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining(['batch-norm', 'batch-norm-frozen', 'layer-norm', 'group-norm', 'instance-norm']),
    );
    const records = await Promise.all(
      ids.map(async (id) => {
        const json = path.join(dir, `norm-${id}.json`);
        const { code, stdout, stderr } = await repro([
          ...SMALL,
          '--epochs',
          '2',
          '--fix-epochs',
          '1',
          '--norm',
          id,
          '--json',
          json,
        ]);
        expect(unexpectedStderr(stderr), id).toBe('');
        expect(code, id).toBe(0);
        return { id, stdout, record: JSON.parse(await readFile(json, 'utf8')) as ReproRecord };
      }),
    );
    for (const { id, stdout, record } of records) {
      expect(record.norm).toBe(id);
      if (id.startsWith('batch-norm')) {
        // Running statistics: the answer's momentum run happens.
        expect(record.runs.answer?.momentum, id).toBe(0.01);
      } else {
        expect(stdout).toContain(`${id} keeps no running statistics: the answer's momentum run is skipped`);
        expect(record.runs.answer, id).toBeUndefined();
        // No moving statistics: evaluate() is the training-mode evaluation, so the seed's collapse cannot happen.
        const { question } = record.runs;
        expect(question.evaluate.loss, id).toBeCloseTo(question.trainingModeEvaluate.loss, 5);
        expect(question.evaluate.acc, id).toBe(question.trainingModeEvaluate.acc);
      }
    }
    const unknown = await repro([...SMALL, '--norm', 'weight-norm']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /--norm: "weight-norm" is not one of batch-norm, batch-norm-debiased, batch-norm-first-batch, batch-norm-frozen, group-norm, instance-norm, layer-norm/,
    );
  });

  it('--precise-bn shows predict() after the BN statistics are recomputed with the final weights, beside the collapse', async () => {
    const json = path.join(dir, 'precise-bn.json');
    const small = [...SMALL.slice(0, -2), '--fix-epochs', '0'];
    const { code, stdout } = await repro([...small, '--precise-bn', '--quiet', '--json', json]);
    expect(code).toBe(0);
    expect(stdout).toContain('after PreciseBN');
    const record = JSON.parse(await readFile(json, 'utf8')) as ReproRecord;
    const [, after] = [...stdout.matchAll(/predicted classes: +\[([\d, ]+)\]/g)].map((m) =>
      m[1].split(', ').map(Number),
    );
    // One full batch: the recomputed statistics are the training-mode ones, so predict() scores what training mode does.
    const correct = after.filter((c, i) => c === record.labels[i]).length;
    expect(correct / 3).toBeCloseTo(record.runs.question.trainingModeEvaluate.acc, 6);
  });

  it('prints help listing every option', async () => {
    const { code, stdout } = await repro(['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--images',
      '--backend',
      '--epochs',
      '--momentum',
      '--json',
      '--fix-epochs',
      '--seed',
      '--precise-bn',
    ])
      expect(stdout).toContain(flag);
  });
});
