// One command-line command, declared once: its name, usage line, summary, options, what its exit codes
// mean, and what it runs. Parsing, --help, unknown flags (with the closest declared one suggested), the
// exit-code contract and error printing live here, so a script is its options and a run function.
import { formatHelp, parseArguments, parseOptions, type OptionSpec, type ParsedOptions } from './options.js';
import { runMain } from './run-main.js';

/**
 * The exit-code contract of every command: 0 done, 1 a finding (a check failed) or an unexpected
 * error, 2 bad usage or input. A command names what 0 and 1 mean for it.
 */
export interface ExitCodes {
  /** What 0 means (default "done"). */
  ok?: string;
  /** What the command reports with 1, besides an unexpected error; none when it has no finding to report. */
  finding?: string;
}

export function exitCodesText({ ok = 'done', finding }: ExitCodes = {}): string {
  const one = finding
    ? `${finding} or an unexpected error`
    : 'an unexpected error (printed with its stack: please report it)';
  return `0 ${ok}; 1 ${one}; 2 bad usage or input (the message names the flag, file or folder)`;
}

export interface CommandDefinition {
  /** What a person types after `normprop` or `npm run`, e.g. `ledger` or `repro`. */
  name: string;
  /** The usage line of --help, e.g. `npm run repro -- [options]`. */
  usage: string;
  /** One sentence: what the command does. */
  summary: string;
  options: OptionSpec[];
  exitCodes?: ExitCodes;
  /** Takes words that are not flags (e.g. test files; the usage line names them); without it they are refused. */
  takesOperands?: boolean;
  /** The work: returns the exit code (0 when nothing is returned). Throws a NormpropError for bad input. */
  run(options: ParsedOptions, operands: string[]): Promise<number | void>;
}

export interface Command extends CommandDefinition {
  help(): string;
  /** Parses argv, answers --help, runs; the exit code. Bad flags throw UsageError (exit 2). */
  main(argv: string[]): Promise<number>;
}

const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

export function defineCommand(definition: CommandDefinition): Command {
  const help = () =>
    formatHelp(
      definition.usage,
      `${sentence(definition.summary)}\nExit codes: ${exitCodesText(definition.exitCodes)}.`,
      definition.options,
    );
  return {
    ...definition,
    help,
    async main(argv) {
      const { options, operands } = !definition.takesOperands
        ? { options: parseOptions(definition.options, argv), operands: [] }
        : parseArguments(definition.options, argv, { operands: true });
      if (options.help) {
        process.stdout.write(`${help()}\n`);
        return 0;
      }
      return (await definition.run(options, operands)) ?? 0;
    },
  };
}

/** Runs a command as the process's program, on its command line: exit code set, errors printed by runMain. */
export const runCommand = (command: Command, argv: string[] = process.argv.slice(2)): Promise<void> =>
  runMain(() => command.main(argv));
