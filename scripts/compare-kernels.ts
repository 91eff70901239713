// `npm run compare:kernels -- [--seed N] [files...]`: the proof that normprop's accelerator changes no
// verdict. Runs the claim property files twice with one seed, on stock tfjs and on normprop's kernels
// (NORMPROP_KERNELS), each into a folder of its own, and compares the verdicts check by check. Exit 1
// on any difference. Minutes (the claim files twice); npm test keeps the kernels' equivalence properties.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { defineCommand, runCommand } from '../src/cli/command.js';
import type { OptionSpec, ParsedOptions } from '../src/cli/options.js';
import { say } from '../src/cli/say.js';
import type { ClaimCheckResult } from '../src/claims/result.js';
import { PartsStore } from '../src/io/parts-store.js';
import { KERNEL_SETS } from '../src/backend/kernel-set-choice.js';
import { writeJsonAtomic } from '../src/io/atomic-write.js';
import { compareKernelRuns } from '../src/report/kernel-comparison.js';
import { checkResultShape } from '../src/report/part-schemas.js';
import { PROJECT_ROOT as root } from '../src/settings.js';

/** The files whose checks are claims (the kernel properties compare kernels already). */
const CLAIM_FILES = ['properties/'];

const OPTIONS: OptionSpec[] = [
  { name: 'seed', type: 'integer', default: 12345, placeholder: 'N', description: 'The one seed both runs use' },
  {
    name: 'json',
    type: 'string',
    placeholder: 'FILE',
    default: 'reports/kernel-comparison.json',
    description: 'Where the per-check comparison goes',
  },
];

async function compare(o: ParsedOptions, operands: string[]): Promise<number> {
  const files = operands.length ? operands : CLAIM_FILES;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-kernels-'));
  try {
    const verdicts: Record<string, ClaimCheckResult[]> = {};
    for (const set of KERNEL_SETS) {
      const reports = path.join(dir, set);
      say(`[compare:kernels] ${set}: vitest run ${files.join(' ')} (seed ${o.seed})`);
      // A failing test is a verdict to compare, not a reason to stop: the exit code is read from the parts.
      await promisify(execFile)(path.join(root, 'node_modules/.bin/vitest'), ['run', ...files], {
        cwd: root,
        env: {
          ...process.env,
          NORMPROP_KERNELS: set,
          NORMPROP_SEED: String(o.seed),
          NORMPROP_LEDGER_PARTS: path.join(reports, 'ledger-parts'),
          NORMPROP_GOLDEN_PARTS: path.join(reports, 'golden-parts'),
          NORMPROP_REPORTS_DIR: reports,
          NORMPROP_FAILURES_DIR: path.join(reports, 'failures'),
        },
        maxBuffer: 256 << 20,
      }).catch(() => undefined);
      verdicts[set] = await new PartsStore<ClaimCheckResult>(path.join(reports, 'ledger-parts')).readAll(
        checkResultShape,
      );
    }
    const rows = compareKernelRuns(verdicts.stock, verdicts.normprop);
    const differ = rows.filter((r) => !r.same);
    for (const r of differ)
      say(`  DIFFERS ${r.check}: stock ${r.stock ?? 'did not run'}, normprop ${r.normprop ?? 'did not run'}`);
    say(
      `[compare:kernels] ${rows.length - differ.length} of ${rows.length} checks give the same verdict on both kernel sets`,
    );
    await writeJsonAtomic(String(o.json), { date: new Date().toISOString(), seed: o.seed, files, rows });
    return differ.length || rows.length === 0 ? 1 : 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await runCommand(
  defineCommand({
    name: 'compare:kernels',
    usage: 'npm run compare:kernels -- [--seed N] [files...]',
    summary:
      "Runs the claim property files on stock tfjs and on normprop's kernels with one seed and compares every check's verdict.",
    options: OPTIONS,
    takesOperands: true,
    exitCodes: { ok: 'every check gave the same verdict on both sets', finding: 'some verdict differs' },
    run: compare,
  }),
);
