import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../errors.js';
import { closestName, editDistance } from './closest-name.js';
import { defineCommand, exitCodesText } from './command.js';

const command = (run = vi.fn(async () => 1)) =>
  defineCommand({
    name: 'demo',
    usage: 'demo [options] [files...]',
    summary: 'Does a demo',
    options: [
      { name: 'epochs', type: 'integer', description: 'Epochs', default: 5, min: 1 },
      { name: 'torch', type: 'boolean', description: 'Torch', default: true, negatable: true },
    ],
    exitCodes: { finding: 'the demo found something' },
    takesOperands: true,
    run,
  });

describe('defineCommand', () => {
  afterEach(() => vi.restoreAllMocks());

  it('parses the flags and operands, runs, and returns what run returns as the exit code', async () => {
    const run = vi.fn(async () => 1);
    expect(await command(run).main(['--epochs', '3', 'a.test.ts', '--no-torch'])).toBe(1);
    expect(run).toHaveBeenCalledWith(expect.objectContaining({ epochs: 3, torch: false }), ['a.test.ts']);
  });

  it('answers --help on stdout without running, with the usage, the summary as a sentence, the exit codes and each option', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const run = vi.fn(async () => 0);
    expect(await command(run).main(['--help'])).toBe(0);
    expect(run).not.toHaveBeenCalled();
    const help = String(out.mock.calls[0][0]);
    expect(help).toMatch(
      /^Usage: demo \[options\] \[files\.\.\.\]\n\nDoes a demo\.\nExit codes: 0 done; 1 the demo found something or an unexpected error; 2 bad usage or input/,
    );
    expect(help).toContain('--epochs INTEGER');
    expect(help).toContain('--[no-]torch');
  });

  it('refuses an unknown flag with the closest declared one, and operands where the command takes none', async () => {
    await expect(command().main(['--epoch', '3'])).rejects.toThrow(
      new UsageError('unknown option or argument: --epoch (did you mean --epochs? see --help)'),
    );
    await expect(command().main(['--no-torc'])).rejects.toThrow(/did you mean --no-torch\?/);
    await expect(command().main(['--frobnicate'])).rejects.toThrow(
      'unknown option or argument: --frobnicate (see --help)',
    );
    const noOperands = defineCommand({ name: 'x', usage: 'x', summary: 'x', options: [], run: async () => 0 });
    await expect(noOperands.main(['stray'])).rejects.toThrow('unknown option or argument: stray (see --help)');
  });

  it('states the exit-code contract: 0 done, 1 a finding or an unexpected error, 2 bad usage or input', () => {
    expect(exitCodesText()).toMatch(/^0 done; 1 an unexpected error .*; 2 bad usage or input/);
    expect(exitCodesText({ ok: 'all passed', finding: 'a check failed' })).toMatch(
      /^0 all passed; 1 a check failed or an unexpected error; 2 /,
    );
  });
});

describe('closestName', () => {
  it('suggests the declared name within a third of its letters, else nothing', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestName('--backends', ['--backend', '--threads'])).toBe('--backend');
    expect(closestName('--Seed', ['--seed', '--size'])).toBe('--seed');
    expect(closestName('--colour', ['--parts', '--reports'])).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });
});
