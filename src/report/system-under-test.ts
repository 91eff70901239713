import { describeKernels } from '../backend/kernel-provenance.js';
import type { ClaimCheckResult } from '../claims/result.js';

/**
 * The system under test, from what the checks recorded: the tfjs packages with their versions, the
 * backends, and each kernel set with how many checks ran on it. A verdict is about this system, so
 * the ledger names it at the top; checks stored before kernel provenance are counted as unrecorded.
 */
export function systemUnderTest(checks: ClaimCheckResult[]): string[] {
  if (!checks.length) return [];
  const packages = new Map<string, string>();
  for (const c of checks) for (const [name, v] of Object.entries(c.kernels?.packages ?? {})) packages.set(name, v);
  const backends = [...new Set(checks.map((c) => c.backend ?? 'unrecorded'))];
  const sets = new Map<string, number>();
  for (const c of checks) {
    const line = c.kernels
      ? describeKernels(c.kernels).replace(/^kernels: /, '')
      : 'unrecorded (stored before kernel provenance)';
    sets.set(line, (sets.get(line) ?? 0) + 1);
  }
  return [
    `System under test: ${packages.size ? [...packages].map(([n, v]) => `${n} ${v}`).join(', ') : 'tfjs (versions unrecorded)'}; backend ${backends.join(', ')}.`,
    ...[...sets].map(([line, n]) => `Kernels: ${line}: ${n} check(s).`),
  ];
}
