/**
 * Progress a person can follow during long work: in a terminal, one bar redrawn in place with the step
 * count and the elapsed time; elsewhere (CI logs, pipes) a plain line per step, since carriage returns
 * turn a log into noise. The bar and the step lines go to stderr; lines that stay (`line()`: the epochs
 * as Keras prints them) are output and go to stdout, so `normprop … | tool` gets results, never bars.
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

export interface ProgressOptions {
  /** Where the bar and step lines go (default stderr). */
  bar?: ProgressStream;
  /** Where lines that stay go (default stdout). */
  out?: ProgressStream;
  now?: () => number;
  env?: NodeJS.ProcessEnv;
  /** No bar and no step lines (`--quiet`); lines that stay are still written. */
  quiet?: boolean;
}

export function elapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function progress(label: string, total: number, options: ProgressOptions = {}): Progress {
  const {
    bar = process.stderr,
    out = process.stdout,
    now = () => performance.now(),
    env = process.env,
    quiet = false,
  } = options;
  const started = now();
  // NO_COLOR asks for no terminal codes: the in-place bar becomes plain lines.
  const tty = Boolean(bar.isTTY) && !env.NO_COLOR;
  let count = 0;
  let detail = '';
  let drawn = false;
  const status = () => `${count}/${total} ${elapsed(now() - started)}${detail ? ` ${detail}` : ''}`;
  const draw = () => {
    if (quiet) return;
    const width = 24;
    const filled = total > 0 ? Math.round((Math.min(count, total) / total) * width) : width;
    const text = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${status()}`;
    // Clear the line and redraw, cut to the terminal's width so it never wraps (a terminal reporting 0 columns gets 100).
    const columns = bar.columns && bar.columns > 1 ? bar.columns : 100;
    bar.write(`\r\x1b[2K${text.slice(0, columns - 1)}`);
    drawn = true;
  };
  const clear = () => {
    if (drawn) bar.write('\r\x1b[2K');
    drawn = false;
  };
  if (tty) draw();
  return {
    tick(what = '') {
      count++;
      detail = what;
      if (tty) draw();
      else if (!quiet) bar.write(`${label} ${status()}\n`);
    },
    line(text) {
      if (tty) clear();
      out.write(`${text}\n`);
      if (tty) draw();
    },
    done() {
      if (tty && drawn) bar.write('\n');
      drawn = false;
    },
  };
}
