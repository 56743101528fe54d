// The self-contained HTML reports in real headless Chromium: the seeds analysed by the real pipeline, a real mock
// audit run, and hostile content that must stay inert.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarizeRun } from '../../src/audit/results.js';
import { openAuditStore } from '../../src/audit/store.js';
import { fileURLToPath } from 'node:url';
import type { Document } from '../../src/document.js';
import { renderDocumentsReport, renderRunReport, renderRunReportFromStore } from '../../src/reporters/html.js';
import { HAVE_CHROMIUM, isPng, launchBrowser, sidewaysOverflow, watchPage } from './browser.js';
import { analyzeSeed } from './seeds.js';
import { hostileDocument, makeMockRun, tempDir } from './fixtures.js';

/** The seeds ship with the project (examples/seeds), so this test never depends on ../shared. */
const SEEDS = fileURLToPath(new URL('../../examples/seeds', import.meta.url));
const dir = tempDir();
/** Where screenshots go: MOUTHPIECE_SCREENSHOTS keeps them, else the test's temp folder. */
const SHOTS = process.env.MOUTHPIECE_SCREENSHOTS ?? dir;
let browser: Browser;

beforeAll(async () => {
  if (HAVE_CHROMIUM) browser = await launchBrowser();
}, 30_000);
afterAll(async () => {
  await browser?.close();
});

/** Opens a report file and records everything that would show an escape: page errors, dialogs, network requests. */
async function openReport(html: string, name: string): Promise<{ page: Page; errors: string[]; dialogs: string[]; requests: string[] }> {
  const file = join(dir, name);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const seen = watchPage(page);
  await page.goto(pathToFileURL(file).href);
  return { page, ...seen };
}

describe.skipIf(!HAVE_CHROMIUM || !existsSync(SEEDS))('report of the seeds (real pipeline)', () => {
  let docs: Document[];
  beforeAll(async () => {
    docs = [];
    for (const f of readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort()) docs.push(...(await analyzeSeed(join(SEEDS, f))));
  }, 180_000); // the analysis, not the browser, takes the time: about 30 s on a busy 2-core machine

  it('shows each seed with its verdict or voice statistics, and an echo span opens its talking point and provenance', async () => {
    const { page, errors, requests } = await openReport(renderDocumentsReport(docs, { title: 'Seeds' }), 'seeds.html');
    expect(await page.locator('section.doc').count()).toBe(docs.length);
    const chat = docs.findIndex((d) => d.kind === 'answer');
    expect(chat).toBeGreaterThanOrEqual(0);
    const chatSection = page.locator('section.doc').nth(chat);
    await expect.poll(() => chatSection.locator('.verdict-box .badge').textContent()).toBe('State echo');
    // Articles show statistics per voice instead of a verdict.
    const article = docs.findIndex((d) => d.kind === 'article');
    if (article >= 0) expect(await page.locator('section.doc').nth(article).locator('table.stats').count()).toBe(1);

    const echo = docs[chat].findings.find((f) => f.kind === 'echo' && f.voice === 'own' && f.talkingPoint);
    expect(echo, 'the chat seed has an own-voice echo').toBeTruthy();
    const span = chatSection.locator('.f[data-kinds~="echo"]').first();
    await span.click();
    const panel = page.locator('#panel');
    await expect.poll(() => panel.locator('.card.k-echo').count()).toBeGreaterThan(0);
    const card = panel.locator('.card.k-echo').first();
    const cardText = (await card.textContent()) ?? '';
    expect(cardText).toContain('Talking point');
    expect(cardText).toMatch(/cn\.[a-z-]+\.[a-z0-9.-]+/);
    expect(cardText).toContain('Provenance');
    // Provenance names a speaker and a date, and its source is a real http(s) link.
    expect(await card.locator('.provenance .statement').count()).toBeGreaterThan(0);
    expect(await card.locator('.provenance a[href^="http"]').count()).toBeGreaterThan(0);
    expect(cardText).toContain('Counter-evidence');
    expect(await card.locator('.evidence a[rel="noopener noreferrer"]').count()).toBeGreaterThan(0);

    // Keyboard: a technique span is reachable and Enter opens it.
    const technique = chatSection.locator('.f[data-kinds~="technique"]').first();
    if (await technique.count()) {
      await technique.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => panel.locator('.technique h3').count()).toBeGreaterThan(0);
    }
    const shot = await page.screenshot({ path: join(SHOTS, 'seeds.png'), fullPage: false });
    expect(isPng(shot)).toBe(true);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 30_000);
});

describe.skipIf(!HAVE_CHROMIUM)('report of a mock audit run', () => {
  it('draws heatmaps that follow the language switch, bars with intervals and the language gaps', async () => {
    const { dbPath, runId } = await makeMockRun(dir);
    const store = await openAuditStore(dbPath);
    const summary = await summarizeRun(store, runId);
    const html = await renderRunReportFromStore(store, runId);
    await store.close();
    const { page, errors, requests } = await openReport(html, 'run.html');

    const expected = (model: string, topic: string, lang: string) => {
      let k = 0;
      let n = 0;
      for (const c of summary.cells) {
        if (c.model !== model || c.topic !== topic || (lang !== 'both' && !c.lang.startsWith(lang))) continue;
        k += c.rates.state_echo.k;
        n += c.rates.state_echo.n;
      }
      return `${k}/${n}`;
    };
    const cell = summary.cells[0];
    const title = () => page.locator(`svg.heatmap[data-outcome="state_echo"] g.cell[data-model="${cell.model}"][data-topic="${cell.topic}"] title`).textContent();
    expect(await title()).toContain(`both: ${expected(cell.model, cell.topic, 'both')}`);
    for (const lang of ['zh', 'en']) {
      await page.click(`.lang-switch button[data-lang="${lang}"]`);
      expect(await page.getAttribute(`.lang-switch button[data-lang="${lang}"]`, 'aria-pressed')).toBe('true');
      expect(await page.getAttribute('svg.heatmap[data-outcome="refusal"]', 'data-lang')).toBe(lang);
      expect(await title()).toContain(`${lang}: ${expected(cell.model, cell.topic, lang)}`);
    }
    // One heatmap per verdict; blocked, not analysed and failed only when the run has some.
    expect(await page.locator('svg.heatmap[data-lang="en"]').evaluateAll((svgs) => svgs.map((e) => e.getAttribute('data-outcome')))).toEqual(['state_echo', 'refusal', 'deflection', 'informative']);
    // Per model: the four verdicts, language not analysed, blocked by the provider.
    expect(await page.locator('svg.bars g.bar').count()).toBe(Object.keys(summary.byModel).length * 6);
    // No answer here is in another language: no heatmap for it.
    expect(await page.locator('svg.heatmap[data-outcome="not_judged"]').count()).toBe(0);
    const gaps = summary.langGaps.filter((g) => g.gap > 0).length;
    expect(await page.locator('.gap').count()).toBe(Math.min(gaps, 12));
    // One mock answer carries a <script>: it shows as text in the side-by-side view and never runs.
    expect(await page.locator('.gap-pair').first().textContent()).toBeTruthy();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    const shot = await page.screenshot({ path: join(SHOTS, 'run.png'), fullPage: true });
    expect(isPng(shot)).toBe(true);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 120_000); // most of it is the mock audit's analysis of 24 answers
});


describe.skipIf(!HAVE_CHROMIUM)('summary at the top of the run report', () => {
  it('shows per model and language the share of each verdict equal to the JSON summary, and nothing scrolls sideways at 1366 px or on a phone', async () => {
    const { dbPath, runId } = await makeMockRun(dir, 'summary-run');
    const store = await openAuditStore(dbPath);
    // What `mouthpiece results <run> --format json` prints.
    const summary = JSON.parse(JSON.stringify(await summarizeRun(store, runId))) as Awaited<ReturnType<typeof summarizeRun>>;
    const html = await renderRunReportFromStore(store, runId);
    await store.close();
    const { page, errors, requests } = await openReport(html, 'summary.html');
    await page.setViewportSize({ width: 1366, height: 900 });
    // The summary comes before every other chart.
    expect(await page.evaluate(() => document.querySelector('section.summary')!.compareDocumentPosition(document.querySelector('svg.heatmap')!) & Node.DOCUMENT_POSITION_FOLLOWING)).toBeTruthy();
    const shown = await page.locator('section.summary rect.seg').evaluateAll((rects) =>
      rects.map((r) => ({ model: r.closest('.sum-model')!.getAttribute('data-model'), lang: r.closest('.sum-lang')!.getAttribute('data-lang'), outcome: r.getAttribute('data-outcome'), k: Number(r.getAttribute('data-k')), n: Number(r.getAttribute('data-n')) })),
    );
    const models = Object.keys(summary.byModel);
    expect(shown.length).toBe(models.length * 2 * 7);
    for (const s of shown) {
      const cells = summary.cells.filter((c) => c.model === s.model && (s.lang === 'zh' ? c.lang.startsWith('zh') : c.lang === s.lang));
      expect(s.k, `${s.model} ${s.lang} ${s.outcome}`).toBe(cells.reduce((t, c) => t + c.rates[s.outcome as 'refusal'].k, 0));
      expect(s.n).toBe(cells.reduce((t, c) => t + c.n, 0));
    }
    // Across languages the counts add up to the per-model totals of the JSON.
    for (const m of models) {
      for (const [o, count] of Object.entries(summary.byModel[m])) {
        expect(shown.filter((s) => s.model === m && s.outcome === o).reduce((t, s) => t + s.k, 0)).toBe(count);
      }
    }
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'run-summary-1366.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'run-summary-phone.png') });
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 120_000);
});

describe.skipIf(!HAVE_CHROMIUM)('hostile names in the summary, heatmaps and gaps', () => {
  it('draws a model, topic and prompt named with markup as text', async () => {
    const { dbPath, runId } = await makeMockRun(dir, 'hostile-names-run');
    const store = await openAuditStore(dbPath);
    const summary = await summarizeRun(store, runId);
    await store.close();
    const evil = '<img src=x onerror="window.__pwned=1">';
    // A model called __proto__ must not write onto Object.prototype through the per-model sums.
    const rename = (m: string) => (m === 'mock-echo' ? evil : m === 'mock-refuse' ? '__proto__' : m);
    const hostile = {
      ...summary,
      byModel: Object.fromEntries(Object.entries(summary.byModel).map(([m, c]) => [rename(m), c])),
      cells: summary.cells.map((c) => ({ ...c, model: rename(c.model), topic: c.topic === 'xinjiang' ? '<script>window.__pwned=2</script>' : c.topic })),
      langGaps: summary.langGaps.map((g) => ({ ...g, model: rename(g.model), promptId: `${g.promptId}<svg onload="window.__pwned=3">` })),
    };
    const { page, errors, dialogs, requests } = await openReport(renderRunReport(hostile), 'hostile-names.html');
    expect(await page.locator(`.sum-model[data-model="${evil.replace(/"/g, '\\"')}"] h3`).textContent()).toBe(evil);
    expect(await page.locator('main img, main script').count()).toBe(0);
    for (const lang of ['en', 'zh', 'both']) await page.click(`.lang-switch button[data-lang="${lang}"]`);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => Object.getOwnPropertyNames(Object.prototype).filter((k) => /echo|refusal|informative/.test(k)))).toEqual([]);
    expect(await page.locator('svg.bars g.bar[data-model="__proto__"][data-outcome="refusal"] title').textContent()).toContain('8/8');
    expect(await page.locator('svg.heatmap[data-outcome="refusal"] g.cell[data-model="__proto__"]').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 120_000);
});

describe.skipIf(!HAVE_CHROMIUM)('report of a run answered in Finnish', () => {
  it('counts the answers as "language not analysed", never as informative', async () => {
    const { dbPath, runId } = await makeMockRun(tempDir(), 'fi-report-run', ['mock-fi']);
    const store = await openAuditStore(dbPath);
    const html = await renderRunReportFromStore(store, runId);
    await store.close();
    const { page, errors, requests } = await openReport(html, 'run-fi.html');
    expect(await page.locator('svg.heatmap[data-outcome="not_judged"]').count()).toBe(1);
    expect(await page.locator('svg.heatmap[data-outcome="not_judged"] g.cell[data-topic="xinjiang"] title').textContent()).toContain('both: 4/4 = 100%');
    expect(await page.locator('svg.bars g.bar[data-outcome="not_judged"] title').textContent()).toContain('8/8');
    expect(await page.locator('svg.bars g.bar[data-outcome="informative"] title').textContent()).toContain('0/8');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  }, 120_000);
});

describe.skipIf(!HAVE_CHROMIUM)('hostile content', () => {
  it('renders scripts, event handlers, javascript: links and huge lines as inert text', async () => {
    const doc = hostileDocument();
    const html = renderDocumentsReport([doc, hostileDocument()], { title: '<script>window.__pwned="doc-title"</script>' });
    // The only executable script is ours; the hostile text only exists escaped inside the JSON block.
    expect(html.match(/<script>/g)?.length).toBe(1);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</script><script>window');
    const { page, errors, dialogs, requests } = await openReport(html, 'hostile.html');

    const textBox = page.locator('section.doc').first().locator('.text');
    expect(await textBox.textContent()).toBe(doc.text);
    // dispatchEvent: some pieces are a bare line break, which has no box to click.
    for (const node of await page.locator('.f').all()) await node.dispatchEvent('click');
    await page.hover('.reason');
    await page.locator('section.doc').first().locator('.f[data-kinds~="echo"]').first().dispatchEvent('click');
    // Nothing hostile became an element, and every link is http(s).
    expect(await page.locator('img, iframe, link, svg, body script:not([type])').count()).toBe(1); // our own script
    const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.every((h) => h.startsWith('https://') || h.startsWith('http://') || h.startsWith('file://'))).toBe(true);
    expect(await page.locator('#panel').textContent()).toContain('javascript:window.__pwned="url"');

    // The Content-Security-Policy stops a script injected at run time.
    const blocked = await page.evaluate(async () => {
      const violation = new Promise<string>((resolve) => document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), { once: true }));
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = "injected"';
      document.body.appendChild(s);
      return violation;
    });
    expect(blocked).toMatch(/^script-src/);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    const shot = await page.screenshot({ path: join(SHOTS, 'hostile.png') });
    expect(isPng(shot)).toBe(true);
    await page.close();
  }, 30_000);
});
