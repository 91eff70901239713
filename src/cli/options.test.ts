import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { formatHelp, parseOptions, type OptionSpec } from './options.js';

const specs: OptionSpec[] = [
  { name: 'epochs', type: 'integer', description: 'Epochs', default: 5, min: 1 },
  { name: 'momentum', type: 'number', description: 'Momentum', default: 0.99, min: 0, max: 1 },
  { name: 'stages', type: 'integer-list', description: 'Stages', default: [3, 4, 6, 3], min: 1 },
  { name: 'scale', type: 'string', description: 'Scale', default: 'raw', choices: ['raw', 'unit'] },
  { name: 'quiet', type: 'boolean', description: 'Quiet' },
];

describe('command-line options', () => {
  it('gives defaults, converts and checks values', () => {
    expect(parseOptions(specs, [])).toMatchObject({
      epochs: 5,
      momentum: 0.99,
      stages: [3, 4, 6, 3],
      scale: 'raw',
      quiet: false,
    });
    expect(
      parseOptions(specs, ['--epochs', '7', '--momentum=0.01', '--stages', '1,2', '--scale', 'unit', '--quiet']),
    ).toMatchObject({
      epochs: 7,
      momentum: 0.01,
      stages: [1, 2],
      scale: 'unit',
      quiet: true,
    });
  });

  it('refuses unknown flags, stray arguments, missing values and values out of range', () => {
    const bad: [string[], RegExp][] = [
      [['--nope'], /unknown option or argument: --nope/],
      [['extra'], /unknown option or argument: extra/],
      [['--epochs'], /--epochs needs a value/],
      [['--epochs', '1.5'], /--epochs: "1.5" is not a decimal integer/],
      [['--epochs', '0x1'], /--epochs: "0x1" is not a decimal integer/],
      [['--epochs', '2e0'], /--epochs: "2e0" is not a decimal integer/],
      [['--stages', '1,1.0'], /--stages: "1.0" is not a decimal integer/],
      [['--epochs', '-1'], /--epochs: -1 is below the minimum 1/],
      [['--momentum', '-0.5'], /--momentum: -0.5 is below the minimum 0/],
      [['--quiet=yes'], /--quiet takes no value/],
      [['--no-quiet'], /unknown option or argument: --no-quiet/],
      [['--momentum=-0.1'], /below the minimum 0/],
      [['--momentum', 'NaN'], /not a number/],
      [['--stages', '1,,2'], /not a number/],
      [['--scale', 'log'], /not one of raw, unit/],
    ];
    for (const [argv, message] of bad) {
      expect(() => parseOptions(specs, argv), argv.join(' ')).toThrow(UsageError);
      expect(() => parseOptions(specs, argv)).toThrow(message);
    }
  });

  it('no flag name reaches an object prototype: --constructor, --__proto__, --toString are unknown flags', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(() => parseOptions(specs, [`--${name}`, 'x']), name).toThrow(
        new RegExp(`unknown option or argument: --${name}`),
      );
    }
  });

  it('takes --no-NAME only where a boolean declares it, the last of --NAME/--no-NAME winning', () => {
    const withNegation: OptionSpec[] = [
      { name: 'torch', type: 'boolean', description: 'Torch', default: true, negatable: true },
    ];
    expect(parseOptions(withNegation, []).torch).toBe(true);
    expect(parseOptions(withNegation, ['--no-torch']).torch).toBe(false);
    expect(parseOptions(withNegation, ['--no-torch', '--torch']).torch).toBe(true);
    expect(formatHelp('cmd', 'x', withNegation)).toContain('--[no-]torch');
  });

  it('lets the last of a repeated flag win, as npm script users expect', () => {
    expect(parseOptions(specs, ['--epochs', '2', '--epochs', '3']).epochs).toBe(3);
  });

  it('makes help from the same table', () => {
    const help = formatHelp('cmd [options]', 'Does a thing.', specs);
    expect(help).toContain('--momentum NUMBER');
    expect(help).toContain('default 3,4,6,3');
    expect(help).toContain('one of raw|unit');
  });
});

describe('flags that npm took for itself', () => {
  it('npm run repro --stages 1,1 (no --) says npm took --stages and shows the line with --', () => {
    const saved = { event: process.env.npm_lifecycle_event, stages: process.env.npm_config_stages };
    process.env.npm_lifecycle_event = 'repro';
    process.env.npm_config_stages = 'true';
    try {
      expect(() => parseOptions(specs, ['1,1'])).toThrow(
        "unknown option or argument: 1,1 (npm took --stages for itself: put -- before the command's flags, e.g. npm run repro -- --stages 1,1)",
      );
    } finally {
      for (const [name, value] of [
        ['npm_lifecycle_event', saved.event],
        ['npm_config_stages', saved.stages],
      ] as const)
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    }
    // Outside npm the plain message stands.
    if (!process.env.npm_lifecycle_event)
      expect(() => parseOptions(specs, ['1,1'])).toThrow('unknown option or argument: 1,1 (see --help)');
  });
});
