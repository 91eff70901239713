/**
 * How `npm test` spreads over the cores: vitest workers (one test file each) and wasm threads per
 * worker. Most property cases are tiny models whose step is per-kernel overhead on the JS thread, so
 * a second wasm thread does not speed them up (it slows them), while a second file running at once
 * nearly doubles the cases per second (`npm run bench`'s layouts on 2 cores: 21.4 cases/s as 1x2,
 * 41.4 as 2x1). So: one worker per core, each wasm backend on cores / workers threads, never more
 * threads than cores in all. vitest's own default on two cores is one worker, which left a core to
 * the wasm pool thread of tiny kernels.
 */
export interface CoreLayout {
  workers: number;
  /** wasm threads per worker (NORMPROP_THREADS in the workers' environment). */
  threads: number;
}

/** `workers`: a --maxWorkers given on the command line. (A person's NORMPROP_THREADS is left alone by the caller.) */
export function coreLayout(cores: number, workers?: number): CoreLayout {
  const w = Math.max(1, Math.min(workers ?? cores, cores));
  return { workers: w, threads: Math.max(1, Math.floor(cores / w)) };
}

/** The value of `--maxWorkers N` / `--maxWorkers=N` on a vitest command line, if a number. */
export function maxWorkersFlag(argv: readonly string[]): number | undefined {
  for (let i = 0; i < argv.length; i++) {
    const m = /^--max-?[wW]orkers(?:=(.*))?$/.exec(argv[i]);
    if (!m) continue;
    const value = Number(m[1] ?? argv[i + 1]);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  }
  return undefined;
}

/**
 * V8's young generation for the test workers, in MB per semi-space (node's default is 16 on 64-bit).
 * A training step of a tiny model allocates many short-lived objects (tensor records, tape entries,
 * closures) per kernel, so with the default the scavenger runs often; `npm run bench` measures the
 * small-case rate with and without it (layouts `2x1` and `2x1@64`).
 */
export const WORKER_SEMI_SPACE_MB = 64;

export const semiSpaceFlag = (mb: number): string => `--max-semi-space-size=${mb}`;
