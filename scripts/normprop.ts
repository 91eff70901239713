#!/usr/bin/env -S npx tsx
// `normprop <command>`: one entry point for the project's commands. repro, bench and golden update run
// the npm scripts' own programs (same flags, same help); ledger, golden diff and report rebuild the
// reports from stored results (one parts folder per CI shard merges them) and never run experiments.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatHelp, parseOptions, type OptionSpec } from '../src/cli/options.js';
import { runMain } from '../src/cli/run-main.js';
import { InputError, UsageError } from '../src/errors.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const say = (line = '') => process.stdout.write(`${line}\n`);
const list = (value: unknown) => String(value).split(',').map((d) => d.trim()).filter(Boolean);

export const EXIT_CODES = '0 done (every check passed); 1 a check failed (a regressed claim, a failing golden) or an unexpected error; 2 bad usage or input (the message names the flag, file or folder)';

interface Command {
  name: string;
  summary: string;
  /** A program of its own (an npm script's), run with the arguments as given. */
  script?: string;
  options?: OptionSpec[];
  run?(o: Record<string, unknown>): Promise<number>;
}

const reportsOption: OptionSpec = { name: 'reports', type: 'string', placeholder: 'DIR', description: 'Folder the reports are written to', default: 'reports' };

const COMMANDS: Command[] = [
  { name: 'repro', summary: 'The seed case end to end (npm run repro)', script: 'repro.ts' },
  {
    name: 'ledger',
    summary: 'Rebuild the claims ledger (ledger.json, ledger.md) from stored check results; exits 1 if a claim regressed',
    options: [
      { name: 'parts', type: 'string', placeholder: 'DIRS', description: 'Comma-separated folders of check results, e.g. one per CI shard', default: 'reports/ledger-parts' },
      { name: 'partial', type: 'boolean', description: 'Accept parts that do not cover every testable claim (a filtered run): exit 0 if those that ran passed. Without it, claims that did not run exit 1', default: false },
      reportsOption,
    ],
    run: async (o) => {
      const { requireDirectories } = await import('../src/report/merge-parts.js');
      const { writeLedgerReports } = await import('../src/report/write-report.js');
      const parts = list(o.parts);
      await requireDirectories(parts, '--parts');
      const ledger = await writeLedgerReports(parts, String(o.reports), o.partial ? ['--partial'] : []);
      const { verdictCounts } = await import('../src/report/ledger-report.js');
      say(`claims ledger: ${verdictCounts(ledger)} -> ${path.join(String(o.reports), 'ledger.md')}`);
      if (ledger.failing.length) say(`failing: ${ledger.failing.join(', ')}`);
      // Success is never claimed over claims that did not run, unless the person said the parts are partial.
      if (ledger.notRun.length) say(`not run: ${ledger.notRun.join(', ')}${o.partial ? ' (--partial: accepted)' : ' (pass --partial for a filtered run)'}`);
      return ledger.failing.length || (ledger.notRun.length && !o.partial) ? 1 : 0;
    },
  },
  { name: 'golden update', summary: 'Rerun canonical experiments and rewrite failing goldens (npm run golden:update)', script: 'golden-update.ts' },
  {
    name: 'golden diff',
    summary: 'Rebuild golden-diff.md and golden-diff.html from stored golden outcomes; exits 1 if a golden failed',
    options: [{ name: 'parts', type: 'string', placeholder: 'DIRS', description: 'Comma-separated folders of golden outcomes, e.g. one per CI shard', default: 'reports/golden-parts' }, reportsOption],
    run: async (o) => {
      const { requireDirectories } = await import('../src/report/merge-parts.js');
      const { writeGoldenDiffReports } = await import('../src/report/write-report.js');
      const parts = list(o.parts);
      await requireDirectories(parts, '--parts');
      const outcomes = await writeGoldenDiffReports(parts, String(o.reports));
      const failed = outcomes.filter((x) => x.failed);
      say(`goldens: ${outcomes.length - failed.length} of ${outcomes.length} pass -> ${path.join(String(o.reports), 'golden-diff.md')}`);
      for (const f of failed) say(`failing: ${f.name} (${f.status})`);
      return failed.length ? 1 : 0;
    },
  },
  { name: 'bench', summary: 'Time ResNet50 training per backend, next to PyTorch (npm run bench)', script: 'bench.ts' },
  {
    name: 'report',
    summary: 'Write index.html (ledger, golden diff, plots) from stored results; absent data is named on the page',
    options: [
      { name: 'ledger-parts', type: 'string', placeholder: 'DIRS', description: 'Comma-separated folders of check results', default: 'reports/ledger-parts' },
      { name: 'golden-parts', type: 'string', placeholder: 'DIRS', description: 'Comma-separated folders of golden outcomes', default: 'reports/golden-parts' },
      { name: 'goldens', type: 'string', placeholder: 'DIR', description: 'Folder of golden records', default: 'golden' },
      { name: 'repro', type: 'string', placeholder: 'FILE', description: "The repro's JSON record (plotted when present)", default: 'reports/repro.json' },
      reportsOption,
    ],
    run: async (o) => {
      const { requireDirectories } = await import('../src/report/merge-parts.js');
      const { writeIndexReport } = await import('../src/report/write-report.js');
      const [ledgerParts, goldenParts] = [list(o['ledger-parts']), list(o['golden-parts'])];
      // Both folders are checked, so one message names every missing or empty one.
      const problems = await Promise.all([requireDirectories(ledgerParts, '--ledger-parts'), requireDirectories(goldenParts, '--golden-parts')].map((p) => p.then(() => '', (e: Error) => e.message)));
      if (problems.some(Boolean)) throw new InputError(problems.filter(Boolean).join('; '));
      say(`report: ${await writeIndexReport({ ledgerParts, goldenParts, goldenDir: String(o.goldens), reproJson: String(o.repro) }, String(o.reports))}`);
      return 0;
    },
  },
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'Usage: normprop <command> [options]   (in a checkout: npm run normprop -- <command> [options])',
    '',
    'Property-based regression tests for claims about normalization layers: commands.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    "Run 'normprop <command> --help' for a command's options. Flags mean the same wherever they appear:",
    '  --backend NAME (TF.js backend), --json FILE (where a JSON record goes), --seed N, --images DIR.',
    '',
    `Exit codes: ${EXIT_CODES}.`,
  ].join('\n');
}

function runScript(script: string, args: string[]): Promise<number> {
  // tsx by absolute URL, so the command works from any folder.
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(here, script), ...args], { stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(argv: string[]): Promise<number> {
  const [first, second] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    say(overview());
    return first === undefined ? 2 : 0;
  }
  const twoWords = COMMANDS.find((c) => c.name === `${first} ${second}`);
  const command = twoWords ?? COMMANDS.find((c) => c.name === first);
  if (!command) {
    const hint = first === 'golden' ? ` (golden takes "update" or "diff")` : '';
    throw new UsageError(`unknown command "${[first, first === 'golden' ? second : undefined].filter(Boolean).join(' ')}"${hint}; commands: ${COMMANDS.map((c) => c.name).join(', ')}`);
  }
  const rest = argv.slice(command.name.split(' ').length);
  if (command.script) return runScript(command.script, rest);
  const options = command.options ?? [];
  const o = parseOptions(options, rest);
  if (o.help) {
    say(formatHelp(`normprop ${command.name} [options]`, `${command.summary}.\nExit codes: ${EXIT_CODES}.`, options));
    return 0;
  }
  return command.run!(o);
}

await runMain(() => main(process.argv.slice(2)));
