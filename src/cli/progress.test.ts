import { describe, expect, it } from 'vitest';
import { elapsed, progress } from './progress.js';

/** One screen: the bar's stream (stderr) and the output stream (stdout) both write to it, in order. */
function recorder(isTTY: boolean, columns = 80) {
  const writes: string[] = [];
  const out: string[] = [];
  return {
    stream: { isTTY, columns, write: (t: string) => writes.push(t) },
    out: { isTTY, columns, write: (t: string) => (writes.push(t), out.push(t)) },
    writes,
    outWrites: out,
  };
}

describe('progress', () => {
  it('prints a plain line per step with the count and elapsed time when not a terminal (CI logs)', () => {
    const { stream, out, writes, outWrites } = recorder(false);
    let t = 0;
    const p = progress('[golden]', 3, { bar: stream, out, now: () => t, env: {} });
    t = 1500;
    p.tick('epoch 1 of small-a');
    p.line('kept line');
    t = 65_000;
    p.tick();
    p.done();
    expect(writes).toEqual(['[golden] 1/3 1s epoch 1 of small-a\n', 'kept line\n', '[golden] 2/3 1m05s\n']);
    expect(writes.join('')).not.toContain('\r');
    // Only the line that stays is output: step lines are diagnostics (stderr), so a pipe gets results only.
    expect(outWrites).toEqual(['kept line\n']);
  });

  it('--quiet drops the step lines and the bar, never the lines that stay; NO_COLOR turns the bar into plain lines', () => {
    const quiet = recorder(true);
    const q = progress('[repro]', 2, { bar: quiet.stream, out: quiet.out, env: {}, quiet: true });
    q.tick('epoch 1');
    q.line('Epoch 1/2');
    q.done();
    expect(quiet.writes).toEqual(['Epoch 1/2\n']);
    const plain = recorder(true);
    const p = progress('[repro]', 2, { bar: plain.stream, out: plain.out, now: () => 0, env: { NO_COLOR: '1' } });
    p.tick('epoch 1');
    expect(plain.writes).toEqual(['[repro] 1/2 0s epoch 1\n']);
  });

  it('a terminal that reports 0 columns still gets the whole bar, not one cut to nothing', () => {
    const { stream, out, writes } = recorder(true, 0);
    progress('[repro]', 4, { bar: stream, out, now: () => 0, env: {} }).tick('epoch 1');
    expect(writes.join('')).toContain('[repro] [######------------------] 1/4 0s epoch 1');
  });

  it('redraws one bar in place in a terminal, keeps permanent lines above it, and never writes past the width', () => {
    const { stream, out, writes } = recorder(true);
    let t = 0;
    const p = progress('[repro]', 4, { bar: stream, out, now: () => t, env: {} });
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
    expect([elapsed(999), elapsed(59_999), elapsed(60_000), elapsed(3_725_000)]).toEqual([
      '0s',
      '59s',
      '1m00s',
      '62m05s',
    ]);
  });
});
