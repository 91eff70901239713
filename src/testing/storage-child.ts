// A child process for the storage tests: real writers in real processes, as vitest workers are.
//   writers <dir> <id> <count>: waits for <dir>/go, then writes <count> goldens to <dir>/golden/shared.json
//     and <count> parts to <dir>/parts, each distinct (writer id, index).
//   stall <file>: starts an atomic write of a large golden to <file>, prints "mid-write" after the first
//     chunk reached the temporary file, and never finishes (the parent kills it there).
import { access } from 'node:fs/promises';
import path from 'node:path';
import { configHash, type GoldenRecord } from '../golden/record.js';
import { writeRecord } from '../golden/store.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { PartsStore } from '../io/parts-store.js';

export function writerRecord(writer: number, index: number, values = 20_000): GoldenRecord {
  const config = { writer };
  return {
    name: 'shared',
    description: `writer ${writer}, write ${index}`,
    provenance: {
      backend: 'test',
      device: 'test',
      tfjsVersion: '4.22.0',
      normprop: '0',
      node: process.version,
      seed: index,
      config,
      configHash: configHash(config),
      date: new Date(0).toISOString(),
    },
    fields: { values: Array.from({ length: values }, (_, i) => writer * 1e6 + index * 1e3 + (i % 997)) },
  };
}

const [mode, target, ...rest] = process.argv.slice(2);
if (mode === 'writers') {
  const [id, count] = rest.map(Number);
  process.stdout.write('ready\n');
  for (;;) {
    try {
      await access(path.join(target, 'go'));
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  const parts = new PartsStore<{ writer: number; index: number; values: number[] }>(path.join(target, 'parts'));
  for (let i = 0; i < count; i++) {
    await writeRecord(path.join(target, 'golden', 'shared.json'), writerRecord(id, i));
    await parts.write(`w${id}-${i}`, {
      writer: id,
      index: i,
      values: writerRecord(id, i, 2_000).fields.values as number[],
    });
  }
  process.stdout.write('done\n');
} else if (mode === 'stall') {
  const text = JSON.stringify(writerRecord(9, 9, 200_000), null, 2);
  async function* chunks() {
    yield text.slice(0, 65_536);
    process.stdout.write('mid-write\n');
    await new Promise(() => {}); // the rest never comes: the parent kills the process here
  }
  await writeFileAtomic(target, chunks());
} else {
  process.stderr.write(`storage-child: unknown mode ${mode}\n`);
  process.exitCode = 2;
}
