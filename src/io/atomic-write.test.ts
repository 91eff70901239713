// Storage under real concurrency and real crashes: writers are separate processes (as vitest's
// forked workers are), and a writer is killed with SIGKILL in the middle of a write.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateGolden, readGolden, writeRecord } from '../golden/store.js';
import { PartsStore } from './parts-store.js';
import { writerRecord } from '../testing/storage-child.js';

const child = fileURLToPath(new URL('../testing/storage-child.ts', import.meta.url));

function start(args: string[]): {
  process: ChildProcess;
  line: (text: string) => Promise<void>;
  exit: Promise<number | null>;
} {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  proc.stdout!.on('data', (d) => {
    out += String(d);
    for (const w of waiters.filter((w) => out.includes(w.text))) w.resolve();
  });
  proc.stderr!.on('data', (d) => (err += String(d)));
  const exit = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const line = (text: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.includes(text)) return resolve();
      waiters.push({ text, resolve });
      void exit.then((code) => reject(new Error(`child exited (${code}) before printing "${text}": ${err}`)));
    });
  return { process: proc, line, exit };
}

describe('atomic storage', () => {
  it('two processes writing the same golden and the same parts folder at once never clobber each other, and a reader never sees half a file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-concurrent-'));
    const count = 25;
    const writers = [1, 2].map((id) => start(['writers', dir, String(id), String(count)]));
    await Promise.all(writers.map((w) => w.line('ready')));
    await writeFile(path.join(dir, 'go'), '');
    // Read the golden while both write: every read must be a whole, valid record.
    const file = path.join(dir, 'golden', 'shared.json');
    let reads = 0;
    let running = true;
    const finished = Promise.all(writers.map((w) => w.exit)).then((codes) => {
      running = false;
      return codes;
    });
    while (running) {
      let text: string | undefined;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      if (text !== undefined) {
        const record = validateGolden(JSON.parse(text), file);
        expect(record).toEqual(writerRecord(record.provenance.config.writer as number, record.provenance.seed));
        reads++;
      }
    }
    expect(await finished).toEqual([0, 0]);
    expect(reads).toBeGreaterThan(0);
    const last = (await readGolden('shared', path.join(dir, 'golden')))!;
    expect(last).toEqual(writerRecord(last.provenance.config.writer as number, count - 1));
    const parts = await new PartsStore<{ writer: number; index: number; values: number[] }>(
      path.join(dir, 'parts'),
    ).readAll();
    expect(parts).toHaveLength(2 * count);
    for (const part of parts) expect(part.values).toEqual(writerRecord(part.writer, part.index, 2_000).fields.values);
    // No temporary file is left behind by a write that finished.
    expect((await readdir(path.join(dir, 'golden'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    console.log(`[normprop] concurrent writers: ${reads} whole reads during ${2 * count} golden writes`);
  });

  it('a process killed in the middle of a golden update leaves the old golden intact', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-killed-'));
    await mkdir(dir, { recursive: true });
    const golden = path.join(dir, 'shared.json');
    const old = writerRecord(1, 1);
    await writeRecord(golden, old);
    const before = await readFile(golden, 'utf8');
    const writer = start(['stall', golden]);
    await writer.line('mid-write');
    const temporary = (await readdir(dir)).filter((n) => n.endsWith('.tmp'));
    expect(temporary).toHaveLength(1); // the new content is half written, beside the golden
    writer.process.kill('SIGKILL');
    await writer.exit;
    expect(await readFile(golden, 'utf8')).toBe(before);
    expect(await readGolden('shared', dir)).toEqual(old);
    // The half-written temporary is not valid JSON: had it been written in place, the golden would be lost.
    const partial = await readFile(path.join(dir, temporary[0]), 'utf8');
    expect(partial.length).toBe(65_536);
    expect(() => JSON.parse(partial)).toThrow();
  });
});
