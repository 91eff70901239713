// The README's recipes, run as written: the "Add a claim" example is pasted into a copy of the
// checkout, must pass `prettier --check` (npm test's first step) and must put a holding row on the
// partial ledger. A README that drifts from the code fails here, not in a newcomer's first hour.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT as root } from '../src/settings.js';

const exec = promisify(execFile);

/** The ```ts blocks of a README section, without the list item's 3-space indent. */
export function sectionCode(readme: string, heading: string): string[] {
  const start = readme.indexOf(`\n${heading}\n`);
  if (start < 0) throw new Error(`README has no section "${heading}"`);
  const end = readme.indexOf('\n#', start + heading.length + 2);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^ {0,3}```ts\n([\s\S]*?)^ {0,3}```$/gm)].map((m) =>
    m[1]
      .split('\n')
      .map((line) => line.replace(/^ {3}/, ''))
      .join('\n'),
  );
}

/** A copy of the tracked files, with this checkout's node_modules linked in. */
async function checkoutCopy(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'normprop-recipe-'));
  const { stdout } = await exec('git', ['ls-files', '-z'], { cwd: root, maxBuffer: 16 << 20 });
  for (const file of stdout.split('\0').filter(Boolean))
    await cp(path.join(root, file), path.join(dir, file), { recursive: true });
  await symlink(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

describe('README recipes', () => {
  it('"Add a claim", pasted as written, is formatted and puts LN2 on the partial ledger as holding', async () => {
    const [claim, property] = sectionCode(
      await readFile(path.join(root, 'README.md'), 'utf8'),
      '### A new claim, formatted, onto the ledger',
    );
    expect(claim).toMatch(/id: 'LN2-zero-mean-output'/);
    expect(property).toMatch(/checkClaim\('LN2-zero-mean-output'/);
    const dir = await checkoutCopy();
    const documentFile = path.join(dir, 'src/claims/documents/ba-kiros-hinton-2016.ts');
    const document = await readFile(documentFile, 'utf8');
    const claimsEnd = document.lastIndexOf('  ],\n});');
    await writeFile(documentFile, `${document.slice(0, claimsEnd)}${claim}${document.slice(claimsEnd)}`);
    const propertyFile = path.join(dir, 'properties/ln-paper.prop.ts');
    const text = await readFile(propertyFile, 'utf8');
    const describeEnd = text.lastIndexOf('});');
    await writeFile(
      propertyFile,
      `${text.slice(0, describeEnd)}\n${property}${text.slice(describeEnd)}`.replace(
        "import * as tf from '@tensorflow/tfjs';\n",
        "import * as tf from '@tensorflow/tfjs';\nimport fc from 'fast-check';\nimport { ClaimViolation } from '../src/harness-error.js';\n",
      ),
    );
    const bin = (name: string) => path.join(dir, 'node_modules', '.bin', name);
    await exec(bin('prettier'), ['--check', documentFile, propertyFile], { cwd: dir });
    const reports = path.join(dir, 'reports-recipe');
    await exec(bin('vitest'), ['run', 'properties/ln-paper.prop.ts', '-t', 'LN2'], {
      cwd: dir,
      env: {
        ...process.env,
        NO_COLOR: '1',
        NORMPROP_LEDGER_PARTS: path.join(reports, 'ledger-parts'),
        NORMPROP_GOLDEN_PARTS: path.join(reports, 'golden-parts'),
        NORMPROP_REPORTS_DIR: reports,
      },
      maxBuffer: 16 << 20,
    });
    const ledger = JSON.parse(await readFile(path.join(reports, 'ledger.json'), 'utf8')) as {
      rows: { claim: { id: string }; verdict: string }[];
    };
    expect(ledger.rows.find((r) => r.claim.id === 'LN2-zero-mean-output')?.verdict).toBe('holds');
  });
});
