// The README and docs/ link to each other and into the repository: every relative link must reach a
// file that exists, and every #anchor a heading (or <a id>) of that file, as GitHub renders them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT as root } from '../src/settings.js';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export const headingAnchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\w\- ]/g, '')
    .replace(/ /g, '-');

function anchorsOf(text: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of text.split('\n')) {
    if (/^\s*```/.test(line)) fenced = !fenced;
    const heading = !fenced && /^#+ (.*)$/.exec(line);
    if (heading) anchors.add(headingAnchor(heading[1]));
  }
  for (const [, id] of text.matchAll(/<a id="([^"]+)"/g)) anchors.add(id);
  return anchors;
}

const pages = ['README.md', 'ARCHITECTURE.md', ...readdirSync(path.join(root, 'docs')).map((f) => `docs/${f}`)];

describe('links in the README and docs/', () => {
  it('every relative link reaches a file, and every anchor a heading of it', () => {
    const broken: string[] = [];
    for (const page of pages) {
      const text = readFileSync(path.join(root, page), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:)/.test(target)) continue;
        const [file, anchor] = target.split('#');
        const resolved = file ? path.join(root, path.dirname(page), file) : path.join(root, page);
        if (!existsSync(resolved)) broken.push(`${page}: ${target} (no such file)`);
        else if (anchor && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor))
          broken.push(`${page}: ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('GitHub anchors as the links use them', () => {
    expect(headingAnchor("Kernel sets: stock tfjs, or normprop's accelerator")).toBe(
      'kernel-sets-stock-tfjs-or-normprops-accelerator',
    );
    expect(headingAnchor('A new claim, formatted, onto the ledger')).toBe('a-new-claim-formatted-onto-the-ledger');
  });
});
