// Batch reports in real headless Chromium: the 5,549 real SpeechMap control answers (small, fast, filterable), and a
// hostile batch whose model names, talking point ids and texts try to escape.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../src/analysis/pipeline.js';
import type { Document } from '../../src/document.js';
import { readDocuments } from '../../src/readers/index.js';
import { BatchReport, renderDocumentsReport } from '../../src/reporters/html.js';
import { HAVE_CHROMIUM, isPng, launchBrowser, sidewaysOverflow, watchPage } from './browser.js';
import { hostileDocument, tempDir } from './fixtures.js';

const CONTROLS = join(import.meta.dirname, '../../../shared/datasets/speechmap-controls');
const HAVE_CONTROLS = existsSync(CONTROLS);
if (!HAVE_CONTROLS) console.warn(`batch report test on real answers skipped: no ${CONTROLS}`);
const dir = tempDir();
const SHOTS = process.env.MOUTHPIECE_SCREENSHOTS ?? dir;
let browser: Browser;

beforeAll(async () => {
  if (HAVE_CHROMIUM) browser = await launchBrowser();
}, 30_000);
afterAll(async () => {
  await browser?.close();
});

async function open(file: string, width = 1366): Promise<{ page: Page; errors: string[]; requests: string[]; dialogs: string[]; ms: number }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const seen = watchPage(page);
  const t0 = Date.now();
  await page.goto(pathToFileURL(file).href);
  // Open means the summary and the first rows are drawn.
  await page.locator('.batch-row').first().waitFor();
  await page.locator('.summary .sum-model').first().waitFor();
  return { page, ...seen, ms: Date.now() - t0 };
}

const count = (page: Page) => page.locator('.batch-count').getAttribute('data-count').then(Number);

describe.skipIf(!HAVE_CHROMIUM || !HAVE_CONTROLS)('batch report of the 5,549 SpeechMap control answers', () => {
  const file = join(dir, 'controls.html');
  const models = new Map<string, number>();
  let total = 0;
  beforeAll(async () => {
    const batch = new BatchReport({ title: 'SpeechMap controls' });
    for (const name of readdirSync(CONTROLS).filter((f) => f.endsWith('.jsonl')).sort()) {
      for await (const r of readDocuments(join(CONTROLS, name), { boilerplate: [] })) {
        if ('error' in r) continue;
        const doc = analyzeDocument(r.doc);
        batch.add(doc);
        total++;
        models.set(doc.model ?? '', (models.get(doc.model ?? '') ?? 0) + 1);
      }
    }
    writeFileSync(file, batch.render());
  }, 240_000); // the analysis of 5,549 answers, not the report, takes the time

  it('is at most 5 MB, opens in under 2 s, and filters to one model and searches', async () => {
    expect(total).toBe(5549);
    const bytes = statSync(file).size;
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
    // Opened twice: the first run pays for Chromium's own start-up of a new page.
    await (await open(file)).page.close();
    const { page, errors, requests, ms } = await open(file);
    console.log(`batch report: ${(bytes / 1048576).toFixed(2)} MB, opened in ${ms} ms`);
    expect(ms).toBeLessThan(2000);
    expect(await count(page)).toBe(5549);
    expect(await page.locator('.batch-row').count()).toBe(100); // rows on demand

    const [model, n] = [...models].sort((a, b) => a[0].localeCompare(b[0]))[3];
    await page.selectOption('select[data-filter="model"]', { label: model });
    await expect.poll(() => count(page)).toBe(n);
    expect(await page.locator('.batch-row').evaluateAll((rows) => rows.every((r) => r.getAttribute('data-model') === rows[0].getAttribute('data-model')))).toBe(true);
    // The summary follows the filters: one model, its n.
    expect(await page.locator('.summary .sum-model').count()).toBe(1);
    expect(await page.locator('.summary .sum-lang').first().getAttribute('data-n')).toBe(String(n));

    await page.selectOption('select[data-filter="model"]', { index: 0 });
    await page.fill('input[data-filter="q"]', 'austerity');
    await expect.poll(() => count(page)).toBeLessThan(5549);
    expect(await count(page)).toBeGreaterThan(0);
    const snippets = await page.locator('.batch-row').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
    expect(snippets.some((t) => /austerity/i.test(t))).toBe(true);

    // Opening a flagged answer builds its span view.
    await page.fill('input[data-filter="q"]', '');
    await page.selectOption('select[data-filter="outcome"]', { label: 'Refusal' });
    await expect.poll(() => count(page)).toBeGreaterThan(0);
    await page.locator('.batch-row .row-head').first().click();
    await page.locator('.batch-row section.doc .verdict-box').first().waitFor();
    expect(await page.locator('.batch-row section.doc .badge').first().textContent()).toBe('Refusal');
    expect(await sidewaysOverflow(page)).toEqual([]);
    const shot = await page.screenshot({ path: join(SHOTS, 'batch.png') });
    expect(isPng(shot)).toBe(true);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 60_000);
});

describe.skipIf(!HAVE_CHROMIUM)('a hostile batch', () => {
  it('keeps model names, ids, talking points and texts inert, and nothing scrolls sideways at 1366 px or 390 px', async () => {
    const docs: Document[] = [];
    for (let i = 0; i < 60; i++) {
      const d = hostileDocument();
      d.id = `<script>window.__pwned="id${i}"</script>\u202e${i}`;
      d.model = i % 2 ? '<img src=x onerror="window.__pwned=\'model\'">' : '</script><script>window.__pwned="m"</script>';
      d.text += `\u2028\u2029 row ${i} ${'x'.repeat(i * 40)}`;
      docs.push(d);
    }
    const html = renderDocumentsReport(docs, { title: '<script>window.__pwned="title"</script>' });
    expect(html.match(/<script>/g)?.length).toBe(1);
    const file = join(dir, 'hostile-batch.html');
    writeFileSync(file, html);
    for (const width of [1366, 390]) {
      const { page, errors, requests, dialogs } = await open(file, width);
      expect(await count(page)).toBe(60);
      await page.selectOption('select[data-filter="model"]', { index: 1 });
      await expect.poll(() => count(page)).toBe(30);
      await page.locator('.batch-row .row-head').first().click();
      for (const node of await page.locator('.batch-row .f').all()) await node.dispatchEvent('click');
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      expect(await page.locator('img, iframe, body script:not([type])').count()).toBe(1);
      expect(await sidewaysOverflow(page)).toEqual([]);
      expect(errors).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    }
  }, 60_000);
});

