/** A command's lines: results to stdout (`say`), diagnostics and usage on a mistake to stderr (`warn`). */
export const say = (line = ''): void => void process.stdout.write(`${line}\n`);
export const warn = (line = ''): void => void process.stderr.write(`${line}\n`);
