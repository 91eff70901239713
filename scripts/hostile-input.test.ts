// Hostile input to the commands, as real processes: each case exits 2 with one line naming the entry,
// path or flag, no stack trace, before any training, and nothing on disk is replaced.
import { execFile, execFileSync } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGES_DIR, PROJECT_ROOT as root } from '../src/settings.js';

const run = promisify(execFile);
const SMALL = ['--stages', '1', '--width', '2', '--size', '16', '--epochs', '1', '--fix-epochs', '0', '--quiet'];

async function script(file: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', file, ...args], {
      cwd: root,
      env: { ...process.env, NORMPROP_BACKEND: 'wasm', ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Exit 2, one line on stderr matching `message`, no stack trace, no training started. */
function expectRefused(
  result: { code: number; stdout: string; stderr: string },
  message: string | RegExp,
  what: string,
) {
  expect(result.code, `${what}: ${result.stderr}`).toBe(2);
  expect(result.stderr.trim().split('\n'), what).toHaveLength(1);
  if (typeof message === 'string') expect(result.stderr, what).toContain(message);
  else expect(result.stderr, what).toMatch(message);
  expect(result.stderr, what).not.toMatch(/\n\s+at /);
  expect(result.stdout, what).not.toMatch(/Epoch 1|fit\(epochs/);
}

let dir: string;
const copyDefaults = async (name: string) => {
  const folder = path.join(dir, name);
  await mkdir(folder);
  for (const file of ['1-disk.png', '2-stripes.png', '3-gradient.png'])
    await copyFile(path.join(DEFAULT_IMAGES_DIR, file), path.join(folder, file));
  return folder;
};
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-hostile-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('an images folder with entries that are not images', () => {
  it('refuses each one, naming it: a link loop, a dangling link, a FIFO, a device, a folder named b.png, a name that is not UTF-8', async () => {
    const { listImageFolder } = await import('../src/data/image-folder.js');
    const cases: [string, (folder: string) => Promise<unknown>, RegExp][] = [
      ['loop', (f) => symlink('loop.png', path.join(f, 'loop.png')), /loop\.png: is a symbolic link loop/],
      [
        'dangling',
        (f) => symlink('nowhere.png', path.join(f, 'dangling.png')),
        /dangling\.png: is a dangling symbolic link/,
      ],
      [
        'fifo',
        async (f) => execFileSync('mkfifo', [path.join(f, 'pipe.png')]),
        /pipe\.png: is a FIFO \(named pipe\), not an image file/,
      ],
      ['device', (f) => symlink('/dev/zero', path.join(f, 'zero.png')), /zero\.png: is a device, not an image file/],
      ['subfolder', (f) => mkdir(path.join(f, 'b.png')), /b\.png: is a folder, not an image file/],
      [
        'name',
        (f) => writeFile(Buffer.from(path.join(f, 'bad\xff.png'), 'latin1'), 'x'),
        /the entry "bad.\.png" \(bytes 626164ff2e706e67\) has a name that is not valid UTF-8/,
      ],
    ];
    for (const [name, make, message] of cases) {
      const folder = await copyDefaults(`entries-${name}`);
      await make(folder);
      await expect(listImageFolder(folder), name).rejects.toThrow(message);
    }
    const hidden = await copyDefaults('hidden');
    await writeFile(path.join(hidden, '.DS_Store'), 'not an image');
    expect(await listImageFolder(hidden)).toMatchObject({
      files: [path.join(hidden, '1-disk.png'), path.join(hidden, '2-stripes.png'), path.join(hidden, '3-gradient.png')],
      hidden: ['.DS_Store'],
    });
    // And through the command: exit 2 before TF.js loads, no record.
    const json = path.join(dir, 'fifo.json');
    const result = await script('scripts/repro.ts', [
      ...SMALL,
      '--images',
      path.join(dir, 'entries-fifo'),
      '--json',
      json,
    ]);
    expectRefused(result, /pipe\.png: is a FIFO/, 'fifo');
    expect(result.stdout).not.toMatch(/backend/i);
    await expect(stat(json)).rejects.toThrow(/ENOENT/);
  });

  it('refuses two files with identical pixels under different labels, naming both (the same image under one label is allowed)', async () => {
    const folder = await copyDefaults('identical');
    await copyFile(path.join(folder, '1-disk.png'), path.join(folder, '4-disk-again.png'));
    const refused = await script('scripts/repro.ts', [
      ...SMALL,
      '--images',
      folder,
      '--json',
      path.join(dir, 'identical.json'),
    ]);
    expectRefused(
      refused,
      `${path.join(folder, '1-disk.png')} and ${path.join(folder, '4-disk-again.png')}: identical pixels after decoding and resizing, but labelled 0 and 3`,
      'identical',
    );
    const { refuseIdenticalImagesWithDifferentLabels } = await import('../src/data/identical-images.js');
    const [a, b, c] = [new Float32Array([1, 2]), new Float32Array([3, 4]), new Float32Array([1, 2])];
    expect(() => refuseIdenticalImagesWithDifferentLabels(['a', 'b', 'c'], [a, b, c], [0, 1, 0])).not.toThrow();
    expect(() => refuseIdenticalImagesWithDifferentLabels(['a', 'b', 'c'], [a, b, c], [0, 1, 1])).toThrow(
      'a and c: identical pixels',
    );
  });
});

describe('output paths are checked before any work', () => {
  it('refuses a --json that is a folder, below a file, an input image, a golden, a device or a FIFO, and leaves each as it was', async () => {
    const { checkOutputs } = await import('../src/cli/output-flags.js');
    const folder = await copyDefaults('outputs');
    const pipe = path.join(dir, 'out-pipe.json');
    execFileSync('mkfifo', [pipe]);
    const golden = path.join(root, 'golden', 'small-m0.99-e5-depth1.json');
    const inputs = [path.join(folder, '1-disk.png'), path.join(folder, '2-stripes.png')];
    const cases: [string, string][] = [
      [dir, `--json: ${dir} is a folder`],
      [
        path.join(folder, '1-disk.png', 'x.json'),
        `cannot be created: ${path.join(folder, '1-disk.png')} is a regular file, not a folder`,
      ],
      [path.join(folder, '2-stripes.png'), `--json: ${path.join(folder, '2-stripes.png')} is one of this run's inputs`],
      [golden, `--json: ${golden} is inside the goldens folder`],
      ['/dev/null', '--json: /dev/null is a device'],
      [pipe, `--json: ${pipe} is a FIFO (named pipe)`],
    ];
    for (const [json, message] of cases)
      await expect(checkOutputs('--json', [json], inputs), json).rejects.toThrow(message);
    await expect(checkOutputs('--json', [path.join(dir, 'new', 'deeper', 'x.json')], inputs)).resolves.toBeUndefined();
    // Through the command: refused before TF.js loads, so before any training; the golden is untouched.
    const before = await readFile(golden, 'utf8');
    const result = await script('scripts/repro.ts', [...SMALL, '--images', folder, '--json', golden]);
    expectRefused(result, `--json: ${golden} is inside the goldens folder`, 'golden');
    expect(result.stdout).not.toMatch(/backend/i);
    expect(await readFile(golden, 'utf8')).toBe(before);
    expect((await stat(pipe)).isFIFO()).toBe(true);
  });

  it('refuses a --json on a read-only file system (when a read-only tmpfs can be mounted here)', async (context) => {
    const ro = path.join(dir, 'ro');
    await mkdir(ro);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro], { stdio: 'ignore' });
    } catch {
      console.log(
        '[hostile-input] skipped the read-only case: cannot mount a read-only tmpfs here (needs root and mount rights)',
      );
      context.skip();
    }
    try {
      expectRefused(
        await script('scripts/repro.ts', [...SMALL, '--json', path.join(ro, 'x.json')]),
        `--json: ${path.join(ro, 'x.json')} is not writable (read-only file system`,
        'read-only',
      );
    } finally {
      execFileSync('umount', [ro]);
    }
  });
});

describe('flags', () => {
  it('no flag name crashes the parser (zx is imported after parsing); negative numbers and a size too small for the stages are refused at parse time', async () => {
    const cases: [string[], string][] = [
      [['--constructor', 'x'], 'unknown option or argument: --constructor'],
      [['--seed', '-1'], '--seed: -1 is below the minimum 0'],
      [['--size', '8', '--stages', '3,4,6,3'], '--size: 8 is below 33, the least a ResNet of 4 stages'],
    ];
    const results = await Promise.all(
      cases.map(([args]) => script('scripts/repro.ts', [...SMALL, ...args, '--json', path.join(dir, 'flags.json')])),
    );
    results.forEach((result, i) => expectRefused(result, cases[i][1], cases[i][0].join(' ')));
    results.forEach((result) => expect(result.stdout).not.toMatch(/backend/i));
  });

  it('labels are decimal integers forming classes 0..K-1, each used', async () => {
    const { parseOptions } = await import('../src/cli/options.js');
    // repro's --labels spec (repro.ts runs its main when imported).
    const REPRO_OPTIONS = [{ name: 'labels', type: 'integer-list' as const, description: 'labels', min: 0, max: 999 }];
    const { checkClassLabels } = await import('../src/data/labels.js');
    for (const bad of ['0x1,0,1', '2e0,0,1', '1.0,0,1'])
      expect(() => parseOptions(REPRO_OPTIONS, ['--labels', bad]), bad).toThrow(
        `--labels: "${bad.split(',')[0]}" is not a decimal integer`,
      );
    expect(() => checkClassLabels([0, 1, 999])).toThrow(
      '--labels: classes must be 0..999, each used at least once; class 2, 3, 4, 5, 6, ... (997 in all) has no image',
    );
    expect(() => checkClassLabels([0, 2, 2])).toThrow('class 1 has no image');
    expect(() => checkClassLabels([1, 0, 1])).not.toThrow();
  });
});

describe('golden:update with a damaged golden', () => {
  it('refuses a ragged golden before training, naming the file and the field, and keeps it', async () => {
    const goldens = path.join(dir, 'goldens');
    await mkdir(goldens);
    const name = 'small-m0.99-e5-depth1';
    const record = JSON.parse(await readFile(path.join(root, 'golden', `${name}.json`), 'utf8'));
    record.fields['run.predict'] = [
      [1, 2, 3],
      [4, 5],
    ];
    const file = path.join(goldens, `${name}.json`);
    await writeFile(file, JSON.stringify(record));
    const result = await script('scripts/golden-update.ts', ['--only', name], { NORMPROP_GOLDEN_DIR: goldens });
    expectRefused(
      result,
      `${file}: field "fields.run.predict[1]" has 2 entries where its siblings have 3 (a ragged array) (npm run golden:update -- --replace-invalid replaces it)`,
      'ragged',
    );
    expect(result.stdout).not.toMatch(/running/);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(record);
  });
});

describe('images the decoder could take but normprop does not', () => {
  it('refuses multi-frame and vector images, naming them', async () => {
    const { loadImage } = await import('../src/data/images.js');
    const frame = (v: number) =>
      sharp({ create: { width: 8, height: 8, channels: 3, background: { r: v, g: v, b: v } } })
        .png()
        .toBuffer();
    const gif = path.join(dir, 'two-frames.gif');
    await sharp([await frame(10), await frame(200)], { join: { animated: true } })
      .gif()
      .toFile(gif);
    await expect(loadImage(gif, { size: 8 })).rejects.toThrow(
      `${gif}: has 2 frames or pages; normprop takes single-frame images`,
    );
    const svg = path.join(dir, 'drawing.svg');
    await writeFile(
      svg,
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="#888"/></svg>',
    );
    await expect(loadImage(svg, { size: 8 })).rejects.toThrow(
      `${svg}: a file in SVG format; normprop takes raster images`,
    );
  });

  it("accepts (as documented) bytes after a PNG's end and ignores EXIF orientation, as PIL does", async () => {
    const { loadImage } = await import('../src/data/images.js');
    const png = await sharp({ create: { width: 8, height: 4, channels: 3, background: { r: 90, g: 90, b: 90 } } })
      .png()
      .toBuffer();
    const trailing = path.join(dir, 'trailing.png');
    await writeFile(trailing, Buffer.concat([png, Buffer.from('garbage after IEND')]));
    expect(new Set(await loadImage(trailing, { size: 8 }))).toEqual(new Set([90]));
    // Left half black, right half white, tagged "rotate 180": PIL (and normprop) keep the stored order.
    const raw = Buffer.alloc(8 * 4 * 3);
    for (let y = 0; y < 4; y++) for (let x = 4; x < 8; x++) raw.fill(255, (y * 8 + x) * 3, (y * 8 + x) * 3 + 3);
    const rotated = path.join(dir, 'rotated.jpg');
    await sharp(raw, { raw: { width: 8, height: 4, channels: 3 } })
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 3 })
      .toFile(rotated);
    expect((await sharp(rotated).metadata()).orientation).toBe(3);
    const values = await loadImage(rotated, { size: 8 });
    expect(values[0]).toBeLessThan(60); // top-left stays dark
    expect(values[7]).toBeGreaterThan(200);
  });
});

/** Every file under `folder` with its content (a listing to compare before and after). */
async function contents(folder: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true }))
    if (entry.isFile())
      out[path.relative(folder, path.join(entry.parentPath, entry.name))] = await readFile(
        path.join(entry.parentPath, entry.name),
        'utf8',
      );
  return out;
}

/** A vitest run of one small test file (or the given arguments), in the checkout, with these settings. */
const vitestRun = (env: Record<string, string>, args = ['run', 'src/testing/run-scope.test.ts']) =>
  script(path.join(root, 'node_modules/vitest/vitest.mjs'), args, {
    NORMPROP_REPORTS_DIR: path.join(dir, 'run-reports'),
    ...env,
  });

describe('a test run deletes only what normprop created', () => {
  it('NORMPROP_GOLDEN_PARTS naming the goldens folder (a copy) is refused, naming the variable and folder; nothing in it changes', async () => {
    const goldens = path.join(dir, 'golden-copy');
    await cp(path.join(root, 'golden'), goldens, { recursive: true });
    const before = await contents(goldens);
    const result = await vitestRun({ NORMPROP_GOLDEN_PARTS: goldens });
    expectRefused(result, `NORMPROP_GOLDEN_PARTS: ${goldens} is a folder normprop did not create`, 'golden parts');
    expect(await contents(goldens)).toEqual(before);
  });

  it('NORMPROP_LEDGER_PARTS naming a folder of the person (or a file) is refused; nothing in it changes', async () => {
    const mine = path.join(dir, 'my-notes');
    await mkdir(path.join(mine, 'sub'), { recursive: true });
    await writeFile(path.join(mine, 'result.json'), '{"mine": true}');
    await writeFile(path.join(mine, 'sub', 'notes.txt'), 'keep me');
    const before = await contents(mine);
    const result = await vitestRun({ NORMPROP_LEDGER_PARTS: mine });
    expectRefused(result, `NORMPROP_LEDGER_PARTS: ${mine} is a folder normprop did not create`, 'ledger parts');
    expect(await contents(mine)).toEqual(before);
    const file = path.join(mine, 'result.json');
    expectRefused(
      await vitestRun({ NORMPROP_LEDGER_PARTS: file }),
      `NORMPROP_LEDGER_PARTS: ${file} is not a folder`,
      'file',
    );
    expect(await contents(mine)).toEqual(before);
  });
});

describe('a read-only checkout', () => {
  it('a test run whose reports folder cannot be created stops with exit 2 and one line naming it (it was an Unhandled Error), when a read-only tmpfs can be mounted', async (context) => {
    const ro = path.join(dir, 'ro-checkout');
    await mkdir(ro);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro], { stdio: 'ignore' });
    } catch {
      console.log('[hostile-input] skipped the read-only checkout case: cannot mount a read-only tmpfs here');
      context.skip();
    }
    try {
      const reports = path.join(ro, 'reports');
      expectRefused(
        await vitestRun({ NORMPROP_REPORTS_DIR: reports }),
        new RegExp(
          `NORMPROP_REPORTS_DIR: cannot create ${reports}/\\.staging-\\d+-[0-9a-f]+ \\(read-only file system\\)`,
        ),
        'read-only',
      );
      expect(await readdir(ro)).toEqual([]);
    } finally {
      execFileSync('umount', [ro]);
    }
  });
});

describe('settings are checked once, at the start, as strictly as flags', () => {
  it('NORMPROP_RESNET50_RUNS=0 or abc stops the ResNet50 tier before it runs; the stored results are unchanged', async () => {
    const reports = path.join(dir, 'tier-reports');
    await mkdir(path.join(reports, 'ledger-parts'), { recursive: true });
    await writeFile(path.join(reports, 'ledger-parts', '.normprop-run'), '{}');
    await writeFile(path.join(reports, 'ledger.json'), '{"partial": []}');
    const before = await contents(reports);
    for (const runs of ['0', 'abc']) {
      const result = await vitestRun({ NORMPROP_RESNET50_RUNS: runs, NORMPROP_REPORTS_DIR: reports }, [
        'run',
        '--config',
        'vitest.resnet50.config.ts',
      ]);
      expectRefused(
        result,
        `NORMPROP_RESNET50_RUNS: "${runs}" is not a run count (a whole number from 1 to 1000)`,
        runs,
      );
      expect(await contents(reports)).toEqual(before);
    }
  });

  it('NORMPROP_REQUIRE_WEBGPU=yes is refused (1 or 0), not read as no', async () => {
    expectRefused(
      await vitestRun({ NORMPROP_REQUIRE_WEBGPU: 'yes' }),
      'NORMPROP_REQUIRE_WEBGPU: "yes" must be 1 (require) or 0 (skip without one)',
      'webgpu',
    );
    await expect(stat(path.join(dir, 'run-reports'))).rejects.toThrow(/ENOENT/);
  });

  it('a folder variable naming a file (NORMPROP_FAILURES_DIR) is refused by a test run and by a command; the file is kept', async () => {
    const file = path.join(dir, 'afile');
    await writeFile(file, 'mine');
    expectRefused(
      await vitestRun({ NORMPROP_FAILURES_DIR: file }),
      `NORMPROP_FAILURES_DIR: ${file} is not a folder`,
      'run',
    );
    expectRefused(
      await script('scripts/normprop.ts', ['ledger', '--parts', dir], {
        NORMPROP_GOLDEN_DIR: path.join(file, 'below'),
      }),
      `NORMPROP_GOLDEN_DIR: ${path.join(file, 'below')} lies below a file`,
      'command',
    );
    expect(await readFile(file, 'utf8')).toBe('mine');
  });
});

describe('the repro record the page reads', () => {
  /** `normprop report` over empty parts folders a run marked, with this repro record. */
  const report = async (repro: string, out: string) => {
    const parts = path.join(dir, 'marked-parts');
    await mkdir(parts, { recursive: true });
    await writeFile(path.join(parts, '.normprop-run'), '{}');
    return script('scripts/normprop.ts', [
      'report',
      '--ledger-parts',
      parts,
      '--golden-parts',
      parts,
      '--repro',
      repro,
      '--reports',
      out,
    ]);
  };
  it('normprop report --repro naming a FIFO is refused at once (it hung), naming it; the FIFO is kept', async () => {
    const pipe = path.join(dir, 'repro-pipe.json');
    execFileSync('mkfifo', [pipe]);
    const out = path.join(dir, 'fifo-report-out');
    const result = await report(pipe, out);
    expectRefused(result, `${pipe}: the repro record is a FIFO (named pipe), not a regular file`, 'report');
    expect((await stat(pipe)).isFIFO()).toBe(true);
    await expect(stat(path.join(out, 'index.html'))).rejects.toThrow(/ENOENT/);
  });

  it("a FIFO at the reports folder's repro.json does not hang a test run: it ends with exit 2 and one line naming it", async () => {
    const reports = path.join(dir, 'fifo-run-reports');
    await mkdir(reports);
    execFileSync('mkfifo', [path.join(reports, 'repro.json')]);
    const result = await vitestRun({ NORMPROP_REPORTS_DIR: reports });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      `[normprop] ${path.join(reports, 'repro.json')}: the repro record is a FIFO (named pipe), not a regular file`,
    ]);
    expect((await stat(path.join(reports, 'repro.json'))).isFIFO()).toBe(true);
  });

  it('a repro record with a field of the wrong type is refused naming the file and the field (no TypeError)', async () => {
    const file = path.join(dir, 'wrong-repro.json');
    await writeFile(file, JSON.stringify({ momentum: 0.99, epochs: [{ epoch: 1, loss: '0.5', acc: 1 }] }));
    const out = path.join(dir, 'wrong-repro-out');
    const result = await report(file, out);
    expectRefused(result, `${file}: field "epochs[0].loss" is a string, not a number or null`, 'repro');
    await expect(stat(path.join(out, 'index.html'))).rejects.toThrow(/ENOENT/);
  });

  it('a repro record of another format, or a format-2 run missing a field, is refused naming the file and the field', async () => {
    const run = {
      momentum: 0.01,
      epochs: [],
      evaluate: { loss: 1, acc: 1 },
      trainingModeEvaluate: { loss: 1, acc: 1 },
    };
    const cases: [string, unknown, string][] = [
      ['newer', { format: 3, runs: {} }, 'field "format" is 3; this normprop reads repro records of format 2'],
      [
        'no-predict',
        { format: 2, runs: { question: { ...run, momentum: 0.99 }, answer: run } },
        'field "runs.question.predict" is missing, not an array',
      ],
    ];
    for (const [name, record, message] of cases) {
      const file = path.join(dir, `${name}-repro.json`);
      await writeFile(file, JSON.stringify(record));
      const out = path.join(dir, `${name}-repro-out`);
      expectRefused(await report(file, out), `${file}: ${message}`, name);
      await expect(stat(path.join(out, 'index.html'))).rejects.toThrow(/ENOENT/);
    }
  });
});

describe('layer spec folders', () => {
  it('a spec file whose name is not an id (RMSNorm.ts) stops a test run naming it (it was skipped: no tests, no row)', async () => {
    const specs = path.join(dir, 'bad-name-specs');
    await mkdir(specs);
    await copyFile(path.join(root, 'src/norm/examples/rms-norm.ts'), path.join(specs, 'RMSNorm.ts'));
    const before = await contents(specs);
    expectRefused(
      await vitestRun({ NORMPROP_NORM_SPECS: specs }),
      `${path.join(specs, 'RMSNorm.ts')}: not a spec file name`,
      'name',
    );
    expect(await contents(specs)).toEqual(before);
  });

  it('a missing NORMPROP_NORM_SPECS folder or an id defined twice breaks only the repro whose --norm it concerns', async () => {
    const missing = path.join(dir, 'no-such-specs');
    const help = await script('scripts/repro.ts', ['--help'], { NORMPROP_NORM_SPECS: missing });
    expect(help.code, help.stderr).toBe(0);
    expectRefused(
      await script('scripts/repro.ts', [...SMALL, '--norm', 'rms-norm', '--json', path.join(dir, 'norm.json')], {
        NORMPROP_NORM_SPECS: missing,
      }),
      `unknown normalization layer "rms-norm"; and ${missing}: cannot read the normalization specs folder (ENOENT)`,
      'missing',
    );
    const { findNormSpecFile, NORM_SPECS_DIR } = await import('../src/norm/registry.js');
    const twins = path.join(dir, 'twin-specs');
    await mkdir(twins);
    await copyFile(path.join(NORM_SPECS_DIR, 'group-norm.ts'), path.join(twins, 'group-norm.ts'));
    expect(findNormSpecFile('batch-norm', [NORM_SPECS_DIR, twins, missing]).file).toBe(
      path.join(NORM_SPECS_DIR, 'batch-norm.ts'),
    );
    expect(() => findNormSpecFile('group-norm', [NORM_SPECS_DIR, twins])).toThrow(
      `${path.join(twins, 'group-norm.ts')}: spec id "group-norm" is already defined by ${path.join(NORM_SPECS_DIR, 'group-norm.ts')}`,
    );
    await expect(stat(path.join(dir, 'norm.json'))).rejects.toThrow(/ENOENT/);
  });
});

describe('measure:c10 records', () => {
  it('refuses a damaged record or a foreign checkpoint before training, naming the file and line; both are kept', async () => {
    const records = path.join(dir, 'c10-records');
    const checkpoints = path.join(dir, 'c10-checkpoints');
    const args = ['--stages', '1', '--width', '2', '--size', '16', '--records', records, '--checkpoints', checkpoints];
    expect((await script('scripts/measure-c10.ts', [...args, '--max-epochs', '1'])).code).toBe(0);
    const [name] = await readdir(records);
    const file = path.join(records, name);
    const damaged = `${await readFile(file, 'utf8')}{"kind":"epoch","epoch":2}\n`;
    await writeFile(file, damaged);
    expectRefused(
      await script('scripts/measure-c10.ts', [...args, '--max-epochs', '2']),
      `${file}:3: field trainAcc is missing or malformed`,
      'a damaged epoch line',
    );
    expect(await readFile(file, 'utf8')).toBe(damaged);
    await writeFile(file, damaged.split('\n').slice(0, 2).join('\n') + '\n');
    const state = path.join(checkpoints, name.replace(/\.jsonl$/, ''), 'state.json');
    const foreign = (await readFile(state, 'utf8')).replace(/"runKey": "[^"]*"/, '"runKey": "another-run"');
    await writeFile(state, foreign);
    expectRefused(
      await script('scripts/measure-c10.ts', [...args, '--max-epochs', '2']),
      `${state}: a checkpoint of another run (another-run)`,
      'a checkpoint of another run',
    );
    expect(await readFile(state, 'utf8')).toBe(foreign);
  });
});
