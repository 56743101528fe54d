// Batch reports in real headless Chromium: the 5,549 real SpeechMap control answers (small, fast, filterable), and a
// hostile batch whose model names, talking point ids and texts try to escape.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
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
/** Chooses the option of a filter whose name is exactly `name` (option labels also carry a count). */
async function choose(page: Page, filter: string, name: string): Promise<void> {
  const value = await page.locator(`select[data-filter="${filter}"] option`).evaluateAll((opts, n) => (opts as HTMLOptionElement[]).find((o) => o.dataset.name === n)?.value, name);
  expect(value, `no ${filter} option named ${JSON.stringify(name)}`).toBeTruthy();
  await page.selectOption(`select[data-filter="${filter}"]`, value!);
}
/** Each option's name and count as the page shows them. */
const options = (page: Page, filter: string) =>
  page.locator(`select[data-filter="${filter}"] option`).evaluateAll((opts) => (opts as HTMLOptionElement[]).map((o) => ({ name: o.dataset.name ?? null, text: o.textContent ?? '', count: Number(o.dataset.count ?? -1) })));

describe.skipIf(!HAVE_CHROMIUM || !HAVE_CONTROLS)('batch report of the 5,549 SpeechMap control answers', () => {
  const file = join(dir, 'controls.html');
  // Counted from the raw lines, not from the analysis: the report must show what the files hold.
  const models = new Map<string, number>();
  const lines: { id: string; answer: string }[] = [];
  let total = 0;
  beforeAll(async () => {
    for (const name of readdirSync(CONTROLS).filter((f) => f.endsWith('.jsonl')).sort()) {
      for (const line of readFileSync(join(CONTROLS, name), 'utf8').split('\n')) {
        if (!line.trim()) continue;
        const raw = JSON.parse(line) as { id: string; model: string; answer: string };
        models.set(raw.model, (models.get(raw.model) ?? 0) + 1);
        lines.push(raw);
      }
    }
    const batch = new BatchReport({ title: 'SpeechMap controls' });
    for (const name of readdirSync(CONTROLS).filter((f) => f.endsWith('.jsonl')).sort()) {
      for await (const r of readDocuments(join(CONTROLS, name), { boilerplate: [] })) {
        if ('error' in r) continue;
        const doc = analyzeDocument(r.doc);
        batch.add(doc);
        total++;
      }
    }
    writeFileSync(file, batch.render());
  }, 240_000); // the analysis of 5,549 answers, not the report, takes the time

  it('is at most 5 MB, opens in under 2 s, and filters to one model and searches', async () => {
    expect(total).toBe(5549);
    expect(lines.length).toBe(5549);
    const bytes = statSync(file).size;
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
    // Opened twice: the first run pays for Chromium's own start-up of a new page.
    await (await open(file)).page.close();
    const { page, errors, requests, ms } = await open(file);
    console.log(`batch report: ${(bytes / 1048576).toFixed(2)} MB, opened in ${ms} ms`);
    expect(ms).toBeLessThan(2000);
    expect(await count(page)).toBe(5549);
    expect(await page.locator('.batch-row').count()).toBe(100); // rows on demand

    // The summary comes first, then the filters, the count and the rows.
    const tops = await page.evaluate(() => ['.summary', '.filters', '.batch-count', '.batch-rows'].map((q) => document.querySelector(q)!.getBoundingClientRect().top));
    expect([...tops].sort((a, b) => a - b)).toEqual(tops);
    // However many models the summary holds, the filters and the first rows are on the first screen.
    expect(tops[3]).toBeLessThan(900 - 50);
    // Every model's option gives its number of answers in the files.
    const modelOptions = (await options(page, 'model')).filter((o) => o.name !== null);
    expect(new Map(modelOptions.map((o) => [o.name, o.count]))).toEqual(models);
    // The model with the fewest answers (then the first by name), so its count is not the common 150.
    const [model, n] = [...models].sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0];
    await choose(page, 'model', model);
    await expect.poll(() => count(page)).toBe(n);
    // The verdict options count that model's answers only, and add up to them.
    expect((await options(page, 'outcome')).filter((o) => o.name !== null).reduce((a, o) => a + o.count, 0)).toBe(n);
    expect((await options(page, 'outcome'))[0].text).toBe(`Verdict: all (${n})`);
    expect(await page.locator('.batch-row').evaluateAll((rows) => rows.every((r) => r.getAttribute('data-model') === rows[0].getAttribute('data-model')))).toBe(true);
    // The summary follows the filters: one model, its n.
    expect(await page.locator('.summary .sum-model').count()).toBe(1);
    expect(await page.locator('.summary .sum-lang').first().getAttribute('data-n')).toBe(String(n));

    // A phrase from the beginning of one real answer: the search finds that answer, and only answers holding it.
    await page.selectOption('select[data-filter="model"]', { index: 0 });
    const known = lines[0];
    // (a line of its first 200 characters: a search box holds no line breaks)
    const phrase = known.answer.slice(0, 200).split('\n').find((l) => l.trim().length >= 40)!.trim().slice(0, 60);
    const holding = lines.filter((l) => l.answer.toLowerCase().includes(phrase.toLowerCase())).length;
    await page.fill('input[data-filter="q"]', phrase);
    await expect.poll(() => count(page)).toBeLessThan(5549);
    expect(await count(page)).toBeGreaterThan(0);
    expect(await count(page)).toBeLessThanOrEqual(holding);
    const found = await page.locator('.batch-row').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
    expect(found.some((t) => t.includes(known.id))).toBe(true);

    // Opening a flagged answer builds its span view.
    await page.fill('input[data-filter="q"]', '');
    await choose(page, 'outcome', 'refusal');
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
  // Model names and talking point ids that try to close the data block, run script, reorder text (bidi override) or
  // collide with JavaScript's object keys.
  const MODELS = ['</script><script>window.__pwned="m"</script>', '\u202e<img src=x onerror="window.__pwned=\'model\'">', '__proto__'];
  const POINTS = ['</script><script>window.__pwned="tp"</script>', 'constructor', '\u202ecn.point\u2029<b>x</b>'];

  it('keeps model names, ids, talking points and texts inert, and nothing scrolls sideways at 1366 px or 390 px', async () => {
    const docs: Document[] = [];
    for (let i = 0; i < 60; i++) {
      const d = hostileDocument();
      d.id = `<script>window.__pwned="id${i}"</script>\u202e${i}`;
      d.model = MODELS[i % 3];
      d.findings[0].talkingPoint!.id = POINTS[Math.floor(i / 20)];
      d.text += `\u2028\u2029 row ${i} ${'x'.repeat(i * 40)}`;
      docs.push(d);
    }
    const html = renderDocumentsReport(docs, { title: '<script>window.__pwned="title"</script>' });
    expect(html.match(/<script>/g)?.length).toBe(1);
    expect(html).not.toMatch(/[\u2028\u2029]/);
    const file = join(dir, 'hostile-batch.html');
    writeFileSync(file, html);
    for (const width of [1366, 390]) {
      const { page, errors, requests, dialogs } = await open(file, width);
      expect(await count(page)).toBe(60);
      // The names are options' text, exactly as written, with their counts.
      expect((await options(page, 'model')).slice(1).map((o) => [o.name, o.count])).toEqual(MODELS.map((m) => [m, 20]));
      expect((await options(page, 'point')).slice(1).map((o) => [o.name, o.count])).toEqual(POINTS.map((p) => [p, 20]));
      expect(await page.locator('select[data-filter="model"] option').nth(3).textContent()).toBe('__proto__ (20)');
      expect(await page.locator('.summary .sum-model h3').allTextContents()).toEqual([...MODELS].sort());

      await choose(page, 'model', '__proto__');
      await expect.poll(() => count(page)).toBe(20);
      expect(await page.locator('.batch-row .row-model').allTextContents()).toEqual(Array(20).fill('__proto__'));
      // Talking point counts follow the model filter: answers 2, 5, … 59 are spread over the three points.
      expect((await options(page, 'point')).slice(1).map((o) => o.count)).toEqual([6, 7, 7]);
      await choose(page, 'point', POINTS[2]);
      await expect.poll(() => count(page)).toBe(7);
      expect(await page.locator('.batch-row .row-points code').first().textContent()).toBe(POINTS[2]);

      // A bidi override in a model name does not turn the id after it around: its characters still run left to right.
      await page.selectOption('select[data-filter="point"]', '');
      await choose(page, 'model', MODELS[1]);
      await expect.poll(() => count(page)).toBe(20);
      const xs = await page.locator('.batch-row .row-meta').first().evaluate((e) => {
        const text = e.firstChild!;
        return [0, 1, 2].map((i) => {
          const r = document.createRange();
          r.setStart(text, i);
          r.setEnd(text, i + 1);
          return r.getBoundingClientRect().left;
        });
      });
      expect(xs[0]).toBeLessThan(xs[1]);
      expect(xs[1]).toBeLessThan(xs[2]);

      await page.locator('.batch-row .row-head').first().click();
      for (const node of await page.locator('.batch-row .f').all()) await node.dispatchEvent('click');
      await page.locator('.batch-row .f.k-echo').first().dispatchEvent('click');
      expect(await page.locator('#panel .talking-point code').first().textContent()).toBe(POINTS[0]);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      // Nothing was written onto Object.prototype by a model or talking point called __proto__ or constructor.
      expect(await page.evaluate(() => Object.keys(Object.prototype).length + Object.getOwnPropertyNames(Object.prototype).filter((k) => /echo|refusal|informative/.test(k)).length)).toBe(0);
      expect(await page.locator('img, iframe, b, body script:not([type])').count()).toBe(1);
      expect(await sidewaysOverflow(page)).toEqual([]);
      expect(errors).toEqual([]);
      expect(dialogs).toEqual([]);
      expect(requests).toEqual([]);
      await page.close();
    }
  }, 60_000);
});
