// Opens reports/index.html (as npm test or npm run report wrote it), and reports/partial/index.html
// where a partial run wrote one, in headless Chromium. A complete run's page must render every section
// and plot; a partial run's page renders what its data allows and names what is absent in words.
// No console errors; saves a screenshot beside each page.
// Run by vitest.report.config.ts, after the main suite.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ledgerClaims } from '../claims/catalog.js';
import { chromiumBinary, reportsDir } from '../settings.js';
import { PLOTS } from './index-page.js';

const CHROMIUM = chromiumBinary();
const REPORTS = reportsDir();
const PAGE = path.resolve(REPORTS, 'index.html');
const PARTIAL_PAGE = path.resolve(REPORTS, 'partial', 'index.html');

// In CI a missing browser fails the check; on a workstation without one it is skipped, saying why.
const skip = !existsSync(CHROMIUM) && !process.env.CI;
if (skip)
  console.log(
    `[normprop] browser check of ${PAGE} SKIPPED: no Chromium at ${CHROMIUM} and CI is unset (apt-get install -y chromium, or set NORMPROP_CHROMIUM)`,
  );

const pages = [PAGE, ...(existsSync(PARTIAL_PAGE) ? [PARTIAL_PAGE] : [])];

describe.skipIf(skip)('reports/index.html in headless Chromium', () => {
  it.each(pages)(
    '%s shows the ledger, the golden diff and each plot as SVG with marks or a sentence naming the absent data, with no console errors',
    async (PAGE) => {
      const SCREENSHOT = PAGE.replace(/\.html$/, '.png');
      expect(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium with apt-get`).toBe(
        true,
      );
      expect(existsSync(PAGE), `${PAGE} does not exist: run npm test (or npm run report) first`).toBe(true);
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        const problems: string[] = [];
        page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
        page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        // The page must open from disk with nothing else: any request beyond the file itself is a fault.
        page.on('request', (r) => r.url() !== pathToFileURL(PAGE).href && problems.push(`request: ${r.url()}`));
        await page.goto(pathToFileURL(PAGE).href);

        const complete = (await page.locator('#scope').getAttribute('data-scope')) === 'complete';
        for (const id of ['summary', 'ledger', 'golden-diff', 'plots'])
          expect(await page.locator(`#${id}`).isVisible(), `section #${id}`).toBe(true);
        // The first screen (1280x900) shows the verdict summary: the headline and the count per verdict.
        for (const id of ['#ledger-headline', '#verdict-counts']) {
          const box = await page.locator(id).boundingBox();
          expect(box && box.y + box.height <= 900, `${id} is not on the first screen (${JSON.stringify(box)})`).toBe(
            true,
          );
        }
        expect(await page.locator('#verdict-counts tr').count(), 'a row per verdict').toBeGreaterThan(1);
        // A claim with several checks (a layer spec's laws) is one line; its checks open in a details view without a script.
        const closed = page
          .locator('#ledger tr.claim:not([data-checks="0"]):not([data-checks="1"]):has(details:not([open]))')
          .first();
        if (await closed.count()) {
          // Located by the row's id: a locator on details:not([open]) would stop matching once it opens.
          const multi = page.locator(`[id="${await closed.getAttribute('id')}"] details`);
          const checks = multi.locator('table.checks');
          expect(await checks.isVisible(), 'a closed details view shows its checks').toBe(false);
          await multi.locator('summary').click();
          expect(await checks.isVisible(), 'the details view opens on a click').toBe(true);
          expect(await checks.locator('pre.replay').first().isVisible()).toBe(true);
        } else expect(complete, 'a complete run has a claim with several checks (the layer laws)').toBe(false);
        const claimRows = await page.locator('#ledger table.ledger tr.claim').count();
        expect(claimRows, 'one row per claim of the catalog').toBe(ledgerClaims().length);
        const goldenSections = await page.locator('#golden-diff section').count();
        if (complete) expect(goldenSections, 'golden sections (did golden/goldens.test.ts run?)').toBeGreaterThan(0);
        else if (goldenSections === 0)
          expect(await page.locator('#golden-diff .absent').textContent()).toMatch(/\w+ \w+/);

        for (const plot of PLOTS) {
          const section = page.locator(`#${plot.id}`);
          const status = await section.getAttribute('data-status');
          const absent = status === 'rendered' ? '' : await section.locator('.absent').textContent();
          if (!complete && status === 'absent') {
            // Absent data is said in words, not left blank.
            expect(absent?.trim().length, `${plot.id}: an empty note`).toBeGreaterThan(20);
            continue;
          }
          expect(status, `${plot.id}: ${absent}`).toBe('rendered');
          const svg = section.locator('svg');
          const box = await svg.boundingBox();
          expect(box && box.width > 100 && box.height > 100, `${plot.id}: the SVG has no size`).toBe(true);
          // vega draws data marks as paths (lines, rects) and symbols inside groups of class "mark-*".
          const marks = await svg.locator('g[class^="mark-"] path, g[class^="mark-"] text').count();
          expect(marks, `${plot.id}: no data marks drawn`).toBeGreaterThan(3);
        }
        await page.screenshot({ path: SCREENSHOT, fullPage: true });
        // At a phone's width the page reflows: nothing wider than the screen but a plot, which scrolls in its own box.
        await page.setViewportSize({ width: 390, height: 844 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(overflow, 'page width at 390 px').toBeLessThanOrEqual(390);
        expect(await page.locator('#verdict-counts').isVisible()).toBe(true);
        expect(problems).toEqual([]);
        console.log(`[normprop] ${PAGE} rendered in Chromium; screenshot ${SCREENSHOT}`);
      } finally {
        await browser.close();
      }
    },
  );
});
