#!/usr/bin/env -S npx tsx
// `normprop <command>`: one entry point for the project's commands. repro, bench and golden update run
// the npm scripts' own programs (same flags, same help); ledger, golden diff and report rebuild the
// reports from stored results (one parts folder per CI shard merges them) and never run experiments.
import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  defineCommand,
  exitCodesText,
  type Command,
  type CommandDefinition,
  type ExitCodes,
} from '../src/cli/command.js';
import type { OptionSpec } from '../src/cli/options.js';
import { closestName } from '../src/cli/closest-name.js';
import { runMain } from '../src/cli/run-main.js';
import { checkOutputs, reportFiles } from '../src/cli/output-flags.js';
import { say, warn } from '../src/cli/say.js';
import { InputError, UsageError } from '../src/errors.js';
import { moduleDir } from '../src/settings.js';

const here = moduleDir(import.meta.url);
const list = (value: unknown) =>
  String(value)
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);

/** What the commands that check (ledger, golden diff) exit with; the overview states it for all. */
const CHECK_EXIT_CODES: ExitCodes = {
  ok: 'done (every check passed)',
  finding: 'a check failed (a regressed claim, a failing golden)',
};

/** A command that is a program of its own (an npm script's), run with the arguments as given. */
interface ScriptCommand {
  name: string;
  summary: string;
  script: string;
}

/** A command of this program: declared with defineCommand, its usage `normprop NAME [options]`. */
const subcommand = (c: Omit<CommandDefinition, 'usage'>): Command =>
  defineCommand({ ...c, usage: `normprop ${c.name} [options]` });

const reportsOption: OptionSpec = {
  name: 'reports',
  type: 'string',
  placeholder: 'DIR',
  description: 'Folder the reports are written to',
  default: 'reports',
};

const COMMANDS: (Command | ScriptCommand)[] = [
  { name: 'repro', summary: 'The seed case end to end (npm run repro)', script: 'repro.ts' },
  subcommand({
    name: 'ledger',
    summary:
      'Rebuild the claims ledger (ledger.json, ledger.md) from stored check results; exits 1 if a claim regressed',
    exitCodes: CHECK_EXIT_CODES,
    options: [
      {
        name: 'parts',
        type: 'string',
        placeholder: 'DIRS',
        description: 'Comma-separated folders of check results, e.g. one per CI shard',
        default: 'reports/ledger-parts',
      },
      {
        name: 'partial',
        type: 'boolean',
        description:
          'Accept parts that do not cover every testable claim (a filtered run): exit 0 if those that ran passed. Without it, claims that did not run exit 1',
        default: false,
      },
      reportsOption,
    ],
    run: async (o) => {
      const { requireDirectories } = await import('../src/report/merge-parts.js');
      const { writeLedgerReports } = await import('../src/report/write-report.js');
      const parts = list(o.parts);
      await requireDirectories(parts, '--parts');
      await checkOutputs('--reports', reportFiles(String(o.reports), ['ledger.json', 'ledger.md']));
      const ledger = await writeLedgerReports(parts, String(o.reports), o.partial ? ['--partial'] : []);
      const { verdictCounts } = await import('../src/report/ledger-report.js');
      say(`claims ledger: ${verdictCounts(ledger)} -> ${path.join(String(o.reports), 'ledger.md')}`);
      if (ledger.failing.length) say(`failing: ${ledger.failing.join(', ')}`);
      // Success is never claimed over claims that did not run, unless the person said the parts are partial.
      if (ledger.notRun.length)
        say(
          `not run: ${ledger.notRun.join(', ')}${o.partial ? ' (--partial: accepted)' : ' (pass --partial for a filtered run)'}`,
        );
      return ledger.failing.length || (ledger.notRun.length && !o.partial) ? 1 : 0;
    },
  }),
  {
    name: 'golden update',
    summary: 'Rerun canonical experiments and rewrite failing goldens (npm run golden:update)',
    script: 'golden-update.ts',
  },
  subcommand({
    name: 'golden accept',
    summary:
      'Promote the obtained records the last golden check wrote (NAME.obtained.json) to goldens, without rerunning anything',
    options: [
      {
        name: 'only',
        type: 'string',
        placeholder: 'NAMES',
        description: 'Comma-separated golden names (default: every obtained record waiting)',
      },
      {
        name: 'goldens',
        type: 'string',
        placeholder: 'DIR',
        description: 'Folder of golden records (default: golden/, or NORMPROP_GOLDEN_DIR)',
      },
    ],
    run: async (o) => {
      const { acceptObtained } = await import('../src/golden/accept.js');
      const { goldenDir } = await import('../src/settings.js');
      const accepted = await acceptObtained(
        o.only === undefined ? undefined : list(o.only),
        o.goldens === undefined ? goldenDir() : String(o.goldens),
      );
      for (const a of accepted) {
        say(`accepted ${a.name} -> ${a.golden}`);
        for (const change of a.changes) say(`  ${change}`);
      }
      say(`${accepted.length} golden${accepted.length === 1 ? '' : 's'} accepted; review with git diff and commit`);
      return 0;
    },
  }),
  subcommand({
    name: 'golden diff',
    summary: 'Rebuild golden-diff.md and golden-diff.html from stored golden outcomes; exits 1 if a golden failed',
    exitCodes: CHECK_EXIT_CODES,
    options: [
      {
        name: 'parts',
        type: 'string',
        placeholder: 'DIRS',
        description: 'Comma-separated folders of golden outcomes, e.g. one per CI shard',
        default: 'reports/golden-parts',
      },
      {
        name: 'goldens',
        type: 'string',
        placeholder: 'DIR',
        description: 'Folder of golden records, checked for goldens no experiment produces (default: golden/)',
      },
      reportsOption,
    ],
    run: async (o) => {
      const { requireDirectories } = await import('../src/report/merge-parts.js');
      const { writeGoldenDiffReports } = await import('../src/report/write-report.js');
      const { CANONICAL_EXPERIMENTS } = await import('../src/experiment/canonical-experiments.js');
      const { goldenDir } = await import('../src/settings.js');
      const { staleGoldens } = await import('../src/golden/stale.js');
      const stale = await staleGoldens(
        CANONICAL_EXPERIMENTS.map((e) => e.name),
        o.goldens === undefined ? goldenDir() : String(o.goldens),
      );
      const parts = list(o.parts);
      await requireDirectories(parts, '--parts');
      await checkOutputs('--reports', reportFiles(String(o.reports), ['golden-diff.md', 'golden-diff.html']));
      const outcomes = await writeGoldenDiffReports(parts, String(o.reports));
      const failed = outcomes.filter((x) => x.failed);
      say(
        `goldens: ${outcomes.length - failed.length} of ${outcomes.length} pass -> ${path.join(String(o.reports), 'golden-diff.md')}`,
      );
      for (const f of failed) say(`failing: ${f.name} (${f.status})`);
      // A golden nothing produces is checked by nothing: say so, and fail, so it is removed or revived.
      for (const name of stale)
        say(`stale: ${name} (no canonical experiment produces it; delete it or restore its experiment)`);
      return failed.length || stale.length ? 1 : 0;
    },
  }),
  { name: 'bench', summary: 'Time ResNet50 training per backend, next to PyTorch (npm run bench)', script: 'bench.ts' },
  subcommand({
    name: 'report',
    summary: 'Write index.html (ledger, golden diff, plots) from stored results; absent data is named on the page',
    options: [
      {
        name: 'ledger-parts',
        type: 'string',
        placeholder: 'DIRS',
        description: 'Comma-separated folders of check results',
        default: 'reports/ledger-parts',
      },
      {
        name: 'golden-parts',
        type: 'string',
        placeholder: 'DIRS',
        description: 'Comma-separated folders of golden outcomes',
        default: 'reports/golden-parts',
      },
      {
        name: 'goldens',
        type: 'string',
        placeholder: 'DIR',
        description: 'Folder of golden records',
        default: 'golden',
      },
      {
        name: 'repro',
        type: 'string',
        placeholder: 'FILE',
        description: "The repro's JSON record (plotted when present)",
        default: 'reports/repro.json',
      },
      reportsOption,
      {
        name: 'check-page',
        type: 'boolean',
        description: 'Then open the page in headless Chromium and check every section (what npm run report does)',
      },
    ],
    run: async (o) => {
      const { requireDirectories } = await import('../src/report/merge-parts.js');
      const { writeIndexReport } = await import('../src/report/write-report.js');
      const { earlierLedgerFiles } = await import('../src/report/earlier-ledgers.js');
      const [ledgerParts, goldenParts] = [list(o['ledger-parts']), list(o['golden-parts'])];
      // Both folders are checked, so one message names every missing or empty one.
      const problems = await Promise.all(
        [requireDirectories(ledgerParts, '--ledger-parts'), requireDirectories(goldenParts, '--golden-parts')].map(
          (p) =>
            p.then(
              () => '',
              (e: Error) => e.message,
            ),
        ),
      );
      if (problems.some(Boolean)) throw new InputError(problems.filter(Boolean).join('; '));
      await checkOutputs('--reports', reportFiles(String(o.reports), ['index.html']), [String(o.repro)]);
      say(
        `report: ${await writeIndexReport({ ledgerParts, goldenParts, goldenDir: String(o.goldens), reproJson: String(o.repro), earlierLedgers: earlierLedgerFiles(String(o.reports)) }, String(o.reports))}`,
      );
      // One command takes every flag (npm run report -- FLAGS reaches it), and the browser reads the folder it wrote.
      return o['check-page'] ? checkPage(String(o.reports)) : 0;
    },
  }),
];

function overview(group?: string): string {
  const shown = group ? COMMANDS.filter((c) => c.name.startsWith(`${group} `)) : COMMANDS;
  const width = Math.max(...shown.map((c) => c.name.length)) + 2;
  return [
    `Usage: normprop ${group ? `${group} <subcommand>` : '<command>'} [options]   (in a checkout: npm run normprop -- ${group ? `${group} <subcommand>` : '<command>'} [options])`,
    '',
    group
      ? `The ${group} commands:`
      : 'Property-based regression tests for claims about normalization layers: commands.',
    '',
    'Commands:',
    ...shown.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Global options:',
    "  --version     Print normprop's version and exit",
    '  --help, -h    Print this help and exit',
    '',
    "Run 'normprop <command> --help' for a command's options. Flags mean the same wherever they appear:",
    '  --backend NAME (TF.js backend), --json FILE (where a JSON record goes), --seed N, --images DIR.',
    '',
    `Exit codes: ${exitCodesText(CHECK_EXIT_CODES)}.`,
  ].join('\n');
}

/** The browser check of a reports folder's index.html (vitest.report.config.ts), on that folder. */
function checkPage(reports: string): Promise<number> {
  const child = spawn(
    process.execPath,
    [path.join(here, '..', 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'vitest.report.config.ts'],
    {
      stdio: 'inherit',
      cwd: path.join(here, '..'),
      env: { ...process.env, NORMPROP_REPORTS_DIR: path.resolve(reports) },
    },
  );
  return exitOf(child);
}

const exitOf = (child: ReturnType<typeof spawn>): Promise<number> =>
  new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

function runScript(script: string, args: string[]): Promise<number> {
  // tsx by absolute URL, so the command works from any folder.
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(here, script), ...args], {
    stdio: 'inherit',
  });
  return exitOf(child);
}

/** Command groups: a first word that several commands share (golden update, golden diff, ...). */
const GROUPS = [...new Set(COMMANDS.filter((c) => c.name.includes(' ')).map((c) => c.name.split(' ')[0]))];
const isHelp = (arg: string | undefined) => arg === '--help' || arg === '-h' || arg === 'help';

async function main(argv: string[]): Promise<number> {
  const [first, second] = argv;
  if (first === '--version' || first === '-v') {
    const { NORMPROP_VERSION } = await import('../src/version.js');
    say(NORMPROP_VERSION);
    return 0;
  }
  if (isHelp(first)) {
    say(overview());
    return 0;
  }
  // No command is a usage error: the overview goes to stderr, so nothing lands in a pipe as if it were a result.
  if (first === undefined) {
    warn(overview());
    return 2;
  }
  if (GROUPS.includes(first) && (second === undefined || isHelp(second))) {
    if (second === undefined) {
      warn(overview(first));
      return 2;
    }
    say(overview(first));
    return 0;
  }
  const twoWords = COMMANDS.find((c) => c.name === `${first} ${second}`);
  const command = twoWords ?? COMMANDS.find((c) => c.name === first);
  if (!command) {
    const group = GROUPS.includes(first) ? first : undefined;
    const typed = [first, group ? second : undefined].filter(Boolean).join(' ');
    const hint = group
      ? ` (${group} takes ${COMMANDS.filter((c) => c.name.startsWith(`${group} `))
          .map((c) => `"${c.name.split(' ')[1]}"`)
          .join(', ')})`
      : '';
    const suggestion = closestName(
      typed,
      COMMANDS.map((c) => c.name),
    );
    throw new UsageError(
      `unknown command "${typed}"${hint}${suggestion ? `; did you mean "${suggestion}"?` : ''}; commands: ${COMMANDS.map((c) => c.name).join(', ')}`,
    );
  }
  const rest = argv.slice(command.name.split(' ').length);
  return 'script' in command ? runScript(command.script, rest) : command.main(rest);
}

await runMain(() => main(process.argv.slice(2)));
