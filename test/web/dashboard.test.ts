// The dashboard over a real store from a real mock audit: HTTP security checks, then the pages in headless Chromium.
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startDashboard, type StartedDashboard } from '../../src/web/server.js';
import { HAVE_CHROMIUM, isPng, launchBrowser, sidewaysOverflow } from './browser.js';
import { openCorpusStore } from '../../src/corpus/schema.js';
import { insertStatements } from '../../src/corpus/ingest.js';
import type { StatementInput } from '../../src/corpus/types.js';
import { HOSTILE_TEXT, makeMockRun, tempDir } from './fixtures.js';

const statement = (date: string, speaker: string, url: string, text: string): StatementInput => ({
  kind: 'answer', lang: 'en', date, speaker, role: 'state_official', url, title: `Regular press conference ${date}`, question: null, paragraphs: [text], origin: 'test',
});
const CORPUS = [
  statement('2019-11-26', 'Geng Shuang', 'https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/t1719669.shtml', 'The so-called human rights issues in Xinjiang are groundless lies fabricated by anti-China forces. People of all ethnic groups in Xinjiang live and work in peace and contentment.'),
  statement('2022-05-24', '<script>window.__pwned="speaker"</script>', 'javascript:window.__pwned="corpus"', 'The lies and rumors they spread cannot deceive the world. Xinjiang enjoys peace and stability.'),
  // The Chinese echo's own words, from a hostile speaker, with markup in the statement: shown on answer pages as text.
  { ...statement('2021-03-01', '<img src=x onerror="window.__pwned=\'zh-speaker\'">', 'javascript:window.__pwned="zh-url"', '所谓新疆人权问题根本不存在，<script>window.__pwned="statement"</script>是反华势力的抹黑和谎言。'), lang: 'zh' },
];

let dashboard: StartedDashboard;
let runId: string;
/** A second run in the same store, whose model answers in Finnish: its answers are "not judged". */
const FI_RUN = 'web-fi-run';

beforeAll(async () => {
  const dir = tempDir();
  const made = await makeMockRun(dir);
  runId = made.runId;
  await makeMockRun(dir, FI_RUN, ['mock-fi']);
  // A small reference corpus in the same store, so the corpus view, tracing and provenance have something to find.
  const corpus = await openCorpusStore(made.dbPath);
  await insertStatements(corpus, CORPUS);
  corpus.close();
  dashboard = await startDashboard({ db: made.dbPath, port: 0 });
}, 120_000);
afterAll(async () => {
  await dashboard?.close();
});

/** A raw HTTP request, so the test can set Host and Origin as a hostile page or a rebinding DNS name would. */
function raw(path: string, headers: Record<string, string>, method = 'GET', body?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: dashboard.port, path, method, headers }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('dashboard HTTP', () => {
  it('listens on 127.0.0.1 and serves its page with a strict CSP and nosniff', async () => {
    expect(dashboard.url).toBe(`http://127.0.0.1:${dashboard.port}/`);
    const res = await fetch(dashboard.url);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const api = await fetch(new URL('/api/overview', dashboard.url));
    expect(api.headers.get('content-security-policy')).toBe(csp);
    const overview = (await api.json()) as { runs: { id: string }[] };
    expect(overview.runs.map((r) => r.id)).toContain(runId);
  });

  it('refuses requests from other origins, other host names and cross-site fetches (403)', async () => {
    const own = `127.0.0.1:${dashboard.port}`;
    expect((await raw('/api/overview', { host: own })).status).toBe(200);
    expect((await raw('/api/overview', { host: own, origin: 'https://evil.example' })).status).toBe(403);
    expect((await raw('/api/overview', { host: `evil.example:${dashboard.port}` })).status).toBe(403);
    expect((await raw('/', { host: own, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    const post = await raw('/api/analyze', { host: own, origin: 'http://evil.example', 'content-type': 'application/json' }, 'POST', JSON.stringify({ text: 'x' }));
    expect(post.status).toBe(403);
    // A form post from anywhere cannot send JSON without a preflight, which is never answered.
    expect((await raw('/api/analyze', { host: own, 'content-type': 'application/x-www-form-urlencoded' }, 'POST', 'text=x')).status).toBe(415);
  });

  it('takes no paths from the client and pages answers', async () => {
    const own = `127.0.0.1:${dashboard.port}`;
    for (const path of ['/../../../etc/passwd', '/assets/..%2f..%2fpackage.json', '/api/runs/..%2f..%2fetc%2fpasswd']) {
      const res = await raw(path, { host: own });
      expect(res.status).toBe(404);
      expect(res.body).not.toMatch(/root:|"dependencies"/);
    }
    const page = (await (await fetch(new URL(`/api/runs/${runId}/answers?limit=100000`, dashboard.url))).json()) as { total: number; rows: unknown[] };
    expect(page.total).toBe(24);
    const small = (await (await fetch(new URL(`/api/runs/${runId}/answers?limit=5&offset=20`, dashboard.url))).json()) as { total: number; rows: { id: number }[] };
    expect(small.rows.length).toBe(4);
  });
});

describe('dashboard API: answers in a language the official line is not analysed in', () => {
  it('counts them as not_judged, apart from the four verdicts, and filters them', async () => {
    const run = (await (await fetch(new URL(`/api/runs/${FI_RUN}`, dashboard.url))).json()) as { summary: { byModel: Record<string, Record<string, number>> } };
    expect(run.summary.byModel['mock-fi']).toMatchObject({ not_judged: 8, informative: 0, state_echo: 0, provider_blocked: 0, failed: 0 });
    const page = (await (await fetch(new URL(`/api/runs/${FI_RUN}/answers?outcome=not_judged`, dashboard.url))).json()) as { total: number; rows: { id: number; verdict: string | null; reason: string }[] };
    expect(page.total).toBe(8);
    expect(page.rows.every((r) => r.verdict === null && r.reason.startsWith('written in Finnish (fi)'))).toBe(true);
    const answer = (await (await fetch(new URL(`/api/answers/${page.rows[0].id}`, dashboard.url))).json()) as { answer: { outcome: string }; document: { verdict: null; reason: string } };
    expect(answer.answer.outcome).toBe('not_judged');
    expect(answer.document.verdict).toBeNull();
  });
});

describe('dashboard API: answer pages and the store\'s corpus', () => {
  it('gives a stored answer\'s echoes the official statements of the corpus in the same store', async () => {
    const page = (await (await fetch(new URL(`/api/runs/${runId}/answers?outcome=state_echo&model=mock-echo&lang=en`, dashboard.url))).json()) as { rows: { id: number }[] };
    expect(page.rows.length).toBeGreaterThan(0);
    type Provenance = { mostSimilar?: { speaker: string; url: string } };
    const answers = await Promise.all(page.rows.map(async (r) => (await (await fetch(new URL(`/api/answers/${r.id}`, dashboard.url))).json()) as { corpus: boolean; document: { findings: { kind: string; provenance?: Provenance }[] } }));
    expect(answers.every((a) => a.corpus)).toBe(true);
    const traced = answers.flatMap((a) => a.document.findings.filter((f) => f.kind === 'echo' && f.provenance?.mostSimilar));
    expect(traced.length).toBeGreaterThan(0);
    expect(traced.map((f) => f.provenance!.mostSimilar!.url)).toContain('https://www.fmprc.gov.cn/mfa_eng/xwfw_665399/s2510_665401/t1719669.shtml');
  });
});

describe.skipIf(!HAVE_CHROMIUM)('dashboard in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const dialogs: string[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
  }, 30_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('lists runs, opens a run with filters and paging, and an answer in the annotated view', async () => {
    await page.goto(dashboard.url);
    await page.click(`a[href="#/run/${runId}"]`);
    await page.waitForSelector('svg.heatmap');
    await page.waitForSelector('tr[data-answer]');
    expect(await page.locator('tr[data-answer]').count()).toBe(24);
    // A heatmap cell opens the answers behind it.
    await page.click('svg.heatmap[data-outcome="state_echo"] g.cell[data-model="mock-echo"][data-topic="xinjiang"]');
    // The table empties while the filtered page loads: wait for the rows of the cell, not just fewer rows.
    await expect.poll(async () => {
      const n = await page.locator('tr[data-answer]').count();
      return n > 0 && n < 24;
    }).toBe(true);
    const cells = await page.locator('tr[data-answer]').evaluateAll((rows) => rows.map((r) => [r.children[1].textContent, r.children[3].textContent, r.children[5].textContent]));
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.every(([model, topic, verdict]) => model === 'mock-echo' && topic === 'xinjiang' && verdict === 'State echo')).toBe(true);

    await page.goto(`${dashboard.url}#/run/${runId}`);
    await expect.poll(() => page.locator('tr[data-answer]').count()).toBe(24);
    await page.selectOption('#filters select[name="lang"]', 'zh');
    await page.selectOption('#filters select[name="model"]', 'mock-echo');
    await page.click('#filters button[type="submit"]');
    await expect.poll(() => page.locator('tr[data-answer]').count()).toBe(4);
    const langs = await page.locator('tr[data-answer] td:nth-child(5)').allTextContents();
    expect(new Set(langs)).toEqual(new Set(['zh']));
    await page.click('.lang-switch button[data-lang="zh"]');
    expect(await page.getAttribute('svg.heatmap', 'data-lang')).toBe('zh');

    await page.locator('tr[data-answer] a').first().click();
    await page.waitForSelector('section.doc');
    expect(await page.locator('.verdict-box .badge').textContent()).toBe('State echo');
    await page.locator('.f[data-kinds~="echo"]').first().click();
    await expect.poll(() => page.locator('#panel .card.k-echo').count()).toBeGreaterThan(0);
    expect(await page.locator('#panel').textContent()).toContain('Talking point');
    expect(isPng(await page.screenshot({ path: join(process.env.MOUTHPIECE_SCREENSHOTS ?? tempDir(), 'dashboard-answer.png') }))).toBe(true);
  }, 60_000);

  it('shows each run\'s verdict rates in the runs table, the summary on the run page, and says what to do when a filter matches nothing', async () => {
    await page.goto(dashboard.url);
    await page.waitForSelector(`tr[data-run="${runId}"]`);
    // The badges give the same counts as the run's summary.
    const badges = await page.locator(`tr[data-run="${runId}"] .rates .badge`).evaluateAll((bs) => bs.map((b) => [b.getAttribute('data-outcome'), b.getAttribute('title')]));
    const expected = await (await fetch(`${dashboard.url}api/runs/${encodeURIComponent(runId)}`)).json() as { summary: { byModel: Record<string, Record<string, number>> } };
    const totals: Record<string, number> = {};
    for (const counts of Object.values(expected.summary.byModel)) for (const [o, n] of Object.entries(counts)) totals[o] = (totals[o] ?? 0) + n;
    const n = Object.values(totals).reduce((a, b) => a + b, 0);
    expect(badges).toEqual(Object.entries(totals).filter(([, k]) => k > 0).map(([o, k]) => [o, expect.stringContaining(`${k}/${n}`)]));
    expect(await page.locator(`tr[data-run="${FI_RUN}"] .badge[data-outcome="not_judged"]`).count()).toBe(1);
    // The compare form picks models from the chosen run's models, and follows a change of run.
    await page.selectOption('#compare-form select[name="a"]', runId);
    expect(await page.locator('#compare-form select[name="am"] option').allTextContents()).toEqual(['mock-echo', 'mock-split', 'mock-refuse']);
    await page.selectOption('#compare-form select[name="b"]', FI_RUN);
    expect(await page.locator('#compare-form select[name="bm"] option').allTextContents()).toEqual(['mock-fi']);

    await page.goto(`${dashboard.url}#/run/${runId}`);
    await page.waitForSelector('section.summary rect.seg');
    // A 0 % cell: mock-refuse never echoes.
    await page.click('svg.heatmap[data-outcome="state_echo"] g.cell[data-model="mock-refuse"][data-topic="xinjiang"]');
    await page.waitForSelector('p.empty');
    expect(await page.locator('p.empty').textContent()).toContain('No answer of this run matches model mock-refuse');
    expect(await page.locator('tr[data-answer]').count()).toBe(0);
    await page.click('p.empty a');
    await expect.poll(() => page.locator('tr[data-answer]').count()).toBe(24);
  }, 60_000);

  it('review mode: marking five answers stores them with the reviewer, and κ and the corrected rates change as the server computes them', async () => {
    await page.goto(`${dashboard.url}#/run/${runId}`);
    await page.click('a.review-link');
    await page.waitForSelector('.review-item');
    expect(await page.locator('.review-item').count()).toBe(20);
    expect(await page.locator('#review-stats .kappa').textContent()).toContain('needs at least two');
    // Without a name nothing is sent.
    await page.locator('.review-item').first().locator('button.mark-right').click();
    expect(await page.getAttribute('#reviewer', 'aria-invalid')).toBe('true');
    await page.fill('#reviewer', '<b>ana</b>');
    const ids = await page.locator('.review-item').evaluateAll((items) => items.map((e) => e.getAttribute('data-answer')));
    for (const [i, id] of ids.slice(0, 4).entries()) {
      await page.locator(`.review-item[data-answer="${id}"] button.mark-right`).click();
      await expect.poll(() => page.locator('.review-item.reviewed').count()).toBe(i + 1);
    }
    expect(await page.locator('#review-stats .kappa').textContent()).toContain("Cohen's κ 1.00");
    // The fifth: the reviewer gives another verdict than the analyzer's.
    const fifth = page.locator(`.review-item[data-answer="${ids[4]}"]`);
    const analyzer = await fifth.locator('.badge').first().textContent();
    await fifth.locator('select[name="verdict"]').selectOption(analyzer === 'Informative' ? 'state_echo' : 'informative');
    await fifth.locator('button.mark-correct').click();
    await expect.poll(() => page.locator('.review-item.reviewed').count()).toBe(5);
    const api = (await (await fetch(`${dashboard.url}api/runs/${encodeURIComponent(runId)}/review`)).json()) as { stats: { reviewed: number; kappa: { value: number; low: number; high: number } } };
    expect(api.stats.reviewed).toBe(5);
    expect(api.stats.kappa.value).toBeLessThan(1);
    expect(await page.locator('#review-stats .kappa').textContent()).toBe(`Cohen's κ ${api.stats.kappa.value.toFixed(2)} [${api.stats.kappa.low.toFixed(2)}, ${api.stats.kappa.high.toFixed(2)}]`);
    // The reviewer's name is shown as text, never as markup.
    expect(await page.locator('.review-item.reviewed b').count()).toBe(0);
    expect(await page.locator('.review-item.reviewed').first().textContent()).toContain('by <b>ana</b>');
    // On a phone, nothing in the review view scrolls sideways: not the page, not any box in it.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await sidewaysOverflow(page)).toEqual([]);
    await page.setViewportSize({ width: 1366, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: join(process.env.MOUTHPIECE_SCREENSHOTS ?? tempDir(), 'dashboard-review.png') });
  }, 60_000);

  it('review mode refuses a cross-site POST and a label for an answer the run does not have', async () => {
    const path = `/api/runs/${encodeURIComponent(runId)}/review`;
    const body = JSON.stringify({ result: 1, verdict: 'refusal', reviewer: 'x' });
    const host = `127.0.0.1:${dashboard.port}`;
    expect((await raw(path, { Host: host, Origin: 'https://evil.example', 'Content-Type': 'application/json' }, 'POST', body)).status).toBe(403);
    expect((await raw(path, { Host: host, 'Content-Type': 'text/plain' }, 'POST', body)).status).toBe(415);
    const bad = await raw(path, { Host: host, 'Content-Type': 'application/json' }, 'POST', JSON.stringify({ result: 999999, verdict: 'refusal', reviewer: 'x' }));
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('no answer');
  });

  it('shows answers in Finnish as "language not analysed": heatmap, bars, filter, list and answer view', async () => {
    await page.goto(`${dashboard.url}#/run/${FI_RUN}`);
    await page.waitForSelector('svg.heatmap[data-outcome="not_judged"]');
    await expect.poll(() => page.locator('tr[data-answer]').count()).toBe(8);
    expect(new Set(await page.locator('tr[data-answer] td:nth-child(6)').allTextContents())).toEqual(new Set(['Language not analysed']));
    expect(await page.locator('svg.bars g.bar[data-outcome="not_judged"] title').textContent()).toContain('8/8');
    expect(await page.locator('svg.bars g.bar[data-outcome="informative"] title').textContent()).toContain('0/8');
    expect(await page.locator('#filters select[name="outcome"] option[value="not_judged"]').textContent()).toBe('Language not analysed');
    // A cell of the not-analysed heatmap opens its answers.
    await page.click('svg.heatmap[data-outcome="not_judged"] g.cell[data-model="mock-fi"][data-topic="xinjiang"]');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('outcome=not_judged');
    await page.locator('tr[data-answer] a').first().click();
    await page.waitForSelector('section.doc');
    expect(await page.locator('.verdict-box .badge').textContent()).toBe('Language not analysed');
    expect(await page.locator('.verdict-box .reason').textContent()).toContain('written in Finnish (fi)');
    expect(errors).toEqual([]);
  }, 30_000);

  it('shows the corpus and traces a sentence to official statements', async () => {
    await page.goto(dashboard.url);
    await page.waitForSelector('.corpus');
    expect(await page.locator('.corpus').textContent()).toContain('3 statements');
    // Speakers' names as published, markup included, are text in the statistics.
    expect(await page.locator('.corpus').textContent()).toContain('<script>window.__pwned="speaker"</script> (1)');
    expect(await page.locator('.corpus script, .corpus img').count()).toBe(0);
    await page.fill('#trace-text', 'people of all ethnic groups live and work in peace and contentment');
    await page.click('#trace-form button[type="submit"]');
    await page.waitForSelector('.trace-out table');
    expect(await page.locator('.trace-out tbody tr').first().textContent()).toContain('Geng Shuang');
    expect(await page.locator('.trace-out a[href^="javascript"]').count()).toBe(0);
  }, 20_000);

  it('an answer page shows the official statements its echoes repeat, from the store\'s corpus, hostile ones as text', async () => {
    const open = async (lang: string) => {
      const list = (await (await fetch(new URL(`/api/runs/${runId}/answers?outcome=state_echo&model=mock-echo&lang=${lang}`, dashboard.url))).json()) as { rows: { id: number }[] };
      await page.goto(`${dashboard.url}#/answer/${list.rows[0].id}`);
      await page.waitForSelector('section.doc .f[data-kinds~="echo"]');
      await page.locator('.f[data-kinds~="echo"]').first().click();
      await page.waitForSelector('#panel .provenance .statement');
      return page.locator('#panel .provenance').first();
    };
    const en = await open('en');
    const head = (await en.locator('.statement-head').first().textContent()) ?? '';
    expect(head).toContain('Geng Shuang, 2019-11-26 (en)');
    expect(head).toMatch(/score [01]\.\d\d/);
    expect(await en.locator('a', { hasText: 'source' }).first().getAttribute('href')).toBe(CORPUS[0].url);
    expect(await en.textContent()).not.toMatch(/no reference corpus|no official statement/i);
    await page.screenshot({ path: join(process.env.MOUTHPIECE_SCREENSHOTS ?? tempDir(), 'dashboard-answer-provenance.png') });

    const zh = await open('zh');
    expect(await zh.textContent()).toContain('<img src=x onerror="window.__pwned=\'zh-speaker\'">, 2021-03-01 (zh)');
    expect(await zh.locator('blockquote').first().textContent()).toContain('<script>window.__pwned="statement"</script>');
    expect(await page.locator('#panel img, #panel script, #panel a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(errors).toEqual([]);
  }, 30_000);

  it('compares two models on the same prompts', async () => {
    await page.goto(`${dashboard.url}#/compare?a=${runId}&am=mock-echo&b=${runId}&bm=mock-split`);
    await page.waitForSelector('table.grid tbody tr');
    expect(await page.locator('table.grid tbody tr').count()).toBe(8);
    // mock-split informs in English where mock-echo echoes: those rows differ.
    expect(await page.locator('tr.differs').count()).toBeGreaterThan(0);
  }, 20_000);

  it('analyzes a pasted hostile text and keeps it inert', async () => {
    // The markup lines of the hostile text (the report tests cover the enormous line without the analyzer's cost).
    const PASTED = HOSTILE_TEXT.split('\n').slice(0, 3).join('\n');
    await page.goto(`${dashboard.url}#/analyze`);
    await page.fill('#analyze-text', PASTED);
    await page.click('#analyze-form button[type="submit"]');
    await page.waitForSelector('#analyze-out section.doc');
    expect(await page.locator('#analyze-out .text').textContent()).toBe(PASTED);

    // An echo pasted here gets its provenance from the store's corpus.
    await page.fill('#analyze-text', 'The so-called human rights issues in Xinjiang are groundless lies fabricated by anti-China forces.');
    await page.click('#analyze-form button[type="submit"]');
    await page.waitForSelector('#analyze-out .f[data-kinds~="echo"]');
    await page.locator('#analyze-out .f[data-kinds~="echo"]').first().click();
    await expect.poll(() => page.locator('#panel .provenance').first().textContent()).toContain('Geng Shuang');
    expect(await page.locator('#analyze-out img, #analyze-out iframe, #analyze-out script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);
});

describe.skipIf(!HAVE_CHROMIUM)('answer pages of a store without a reference corpus', () => {
  it('say that no corpus was searched and give the command that adds one to this store; once one is there, that it was searched', async () => {
    const made = await makeMockRun(tempDir());
    const bare = await startDashboard({ db: made.dbPath, port: 0 });
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const list = (await (await fetch(new URL(`/api/runs/${made.runId}/answers?outcome=state_echo&model=mock-echo&lang=en`, bare.url))).json()) as { rows: { id: number }[] };
      const note = async () => {
        await page.goto(`${bare.url}#/answer/${list.rows[0].id}`);
        await page.reload(); // the hash alone would keep the page of the previous visit
        await page.waitForSelector('section.doc .f[data-kinds~="echo"]');
        await page.locator('.f[data-kinds~="echo"]').first().click();
        return (await page.locator('#panel .provenance .corpus-note').first().textContent()) ?? '';
      };
      expect(await note()).toBe(`No reference corpus was searched. Add one to the store with: mouthpiece corpus ingest <folder> --db ${made.dbPath}`);
      await page.goto(bare.url);
      await page.waitForSelector('.trends, h2');
      await expect.poll(() => page.locator('main').textContent()).toContain(`No reference corpus in this store. Add one with: mouthpiece corpus ingest <folder> --db ${made.dbPath}`);

      // A corpus with nothing like the answer: searched, no statement matches.
      const corpus = await openCorpusStore(made.dbPath);
      await insertStatements(corpus, [statement('2020-01-02', 'Nobody Known', 'https://example.org/weather', 'Light drizzle is forecast for the coastal harbour on Tuesday afternoon.')]);
      corpus.close();
      expect(await note()).toBe('The reference corpus was searched: no official statement in it matches this echo.');
    } finally {
      await browser.close();
      await bare.close();
    }
  }, 90_000);
});
