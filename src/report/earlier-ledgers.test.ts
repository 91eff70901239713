import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { earlierLedgerFiles, readEarlierRows } from './earlier-ledgers.js';

describe('the earlier ledgers a claim record is read from', () => {
  it('reads the full and partial ledgers; a missing one is no record; a malformed one is left out with a warning', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-earlier-'));
    const [full, partial] = earlierLedgerFiles(dir);
    expect(await readEarlierRows([full, partial])).toEqual(new Map());
    const rowOf = (id: string, verdict: string, record?: string) => ({
      claim: { id },
      verdict,
      checks: [{ check: 'a', seed: 1, seconds: 1 }],
      ...(record ? { record } : {}),
    });
    await writeFile(full, JSON.stringify({ rows: [rowOf('C01', 'holds', 'met'), rowOf('C02', 'regressed', 'bogus')] }));
    await mkdir(path.dirname(partial), { recursive: true });
    await writeFile(partial, JSON.stringify({ rows: [rowOf('C01', 'regressed')] }));
    const rows = await readEarlierRows([full, partial]);
    expect(rows.get('C01')!.map((r) => r.verdict)).toEqual(['holds', 'regressed']);
    expect(rows.get('C01')![0].record).toBe('met');
    // A record value normprop never writes is not trusted.
    expect(rows.get('C02')![0].record).toBeUndefined();

    await writeFile(partial, '{"rows": ');
    const warnings: string[] = [];
    const kept = await readEarlierRows([full, partial], (line) => warnings.push(line));
    expect([...kept.keys()]).toEqual(['C01', 'C02']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`${partial}: left out of the claims' record`);
  });
});
