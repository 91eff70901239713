/**
 * Progress a person can follow during long work: in a terminal, one bar redrawn in place with the step
 * count and the elapsed time; elsewhere (CI logs, pipes) a plain line per step, since carriage returns
 * turn a log into noise. Permanent lines go through `line()` so they never collide with the bar.
 */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  /** One step done; `detail` says which. */
  tick(detail?: string): void;
  /** A line of output that stays (the bar is redrawn below it). */
  line(text: string): void;
  /** Ends the bar: the last state stays on screen. */
  done(): void;
}

export function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function progress(label: string, total: number, stream: ProgressStream = process.stdout, now: () => number = () => performance.now()): Progress {
  const started = now();
  const tty = Boolean(stream.isTTY);
  let count = 0;
  let detail = '';
  let drawn = false;
  const status = () => `${count}/${total} ${elapsed(now() - started)}${detail ? ` ${detail}` : ''}`;
  const draw = () => {
    const width = 24;
    const filled = total > 0 ? Math.round((Math.min(count, total) / total) * width) : width;
    const text = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${status()}`;
    // Clear the line and redraw, cut to the terminal's width so it never wraps.
    stream.write(`\r\x1b[2K${text.slice(0, (stream.columns ?? 100) - 1)}`);
    drawn = true;
  };
  const clear = () => drawn && stream.write('\r\x1b[2K');
  if (tty) draw();
  return {
    tick(what = '') {
      count++;
      detail = what;
      if (tty) draw();
      else stream.write(`${label} ${status()}\n`);
    },
    line(text) {
      if (!tty) return void stream.write(`${text}\n`);
      clear();
      stream.write(`${text}\n`);
      draw();
    },
    done() {
      if (tty && drawn) stream.write('\n');
      drawn = false;
    },
  };
}
