import { describe, expect, it } from 'vitest';
import { elapsed, progress } from './progress.js';

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  return { stream: { isTTY, columns: 80, write: (t: string) => writes.push(t) }, writes };
}

describe('progress', () => {
  it('prints a plain line per step with the count and elapsed time when not a terminal (CI logs)', () => {
    const { stream, writes } = recorder(false);
    let t = 0;
    const p = progress('[golden]', 3, stream, () => t);
    t = 1500;
    p.tick('epoch 1 of small-a');
    p.line('kept line');
    t = 65_000;
    p.tick();
    p.done();
    expect(writes).toEqual(['[golden] 1/3 1s epoch 1 of small-a\n', 'kept line\n', '[golden] 2/3 1m05s\n']);
    expect(writes.join('')).not.toContain('\r');
  });

  it('redraws one bar in place in a terminal, keeps permanent lines above it, and never writes past the width', () => {
    const { stream, writes } = recorder(true);
    let t = 0;
    const p = progress('[repro]', 4, stream, () => t);
    t = 2000;
    p.tick('epoch 1');
    p.line('Epoch 1/5');
    p.tick('x'.repeat(200));
    p.done();
    const screen = writes.join('');
    expect(screen).toContain('\r\x1b[2K[repro] [------------------------] 0/4 0s');
    expect(screen).toContain('[repro] [######------------------] 1/4 2s epoch 1');
    expect(screen).toContain('\r\x1b[2KEpoch 1/5\n');
    expect(screen).toContain('[repro] [############------------] 2/4 2s');
    for (const w of writes) expect(w.replace('\r\x1b[2K', '').length).toBeLessThan(80);
    expect(screen.endsWith('\n')).toBe(true);
  });

  it('formats elapsed time as seconds, then minutes and seconds', () => {
    expect([elapsed(999), elapsed(59_999), elapsed(60_000), elapsed(3_725_000)]).toEqual(['0s', '59s', '1m00s', '62m05s']);
  });
});
