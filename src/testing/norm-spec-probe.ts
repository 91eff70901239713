import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** How long a user's spec may take to load, build and apply once (a real layer takes well under a second). */
export const SPEC_PROBE_LIMIT_MS = 30_000;

/**
 * Runs a user's spec once in a child process under a time limit: vitest's testTimeout cannot stop
 * synchronous code, so a build() that loops forever would hang the whole run. Says why (naming the
 * file) when the limit ran out, or when the layer changes its input's shape. A spec that throws is left to its laws, which each report the
 * error (the child resolves packages from the spec's own folder, which vitest need not).
 */
export function probeNormSpec(file: string, limitMs = SPEC_PROBE_LIMIT_MS): string | undefined {
  const child = fileURLToPath(new URL('./norm-spec-probe-child.ts', import.meta.url));
  const run = spawnSync(process.execPath, ['--import', 'tsx', child, file], {
    encoding: 'utf8',
    timeout: limitMs,
    killSignal: 'SIGKILL',
  });
  if (run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT')
    return `${file}: loading the spec, building its layer and applying it once did not finish within ${limitMs / 1000} s (an endless loop in its code?); its laws were not run`;
  const changed = /probe: shape changed (.*)/.exec(run.stdout ?? '')?.[1];
  if (run.status === 3 && changed)
    return `${file}: its layer changes the shape of its input (${changed}); a normalization layer keeps it, so its laws were not run`;
  return undefined;
}
