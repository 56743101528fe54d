// Trends: one model label across runs (a "checkpoint" that echoed, then did not): rates per run, the change marked
// significant, the CLI's text and JSON, the dashboard's API and page; a model with one run gets the empty state.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/audit/config.js';
import { startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { startAudit } from '../../src/audit/runner.js';
import { openAuditStore } from '../../src/audit/store.js';
import { modelTrend, modelsWithTrends, trendText } from '../../src/audit/trend.js';
import { startDashboard } from '../../src/web/server.js';
import { HAVE_CHROMIUM, launchBrowser, sidewaysOverflow } from '../web/browser.js';
import { FIXTURE_SUITE, runCli, SCRIPTS, tempDir } from './helpers.js';

const HOSTILE_MODEL = 'org/<img src=x onerror="window.__pwned=\'model\'">';

describe('trends across runs', () => {
  let mock: MockProvider;
  const dir = tempDir();
  const db = join(dir, 'trend.db');
  /** The same label served by another model: a new checkpoint of "ckpt". */
  const providers = (name: string, models: (string | { name: string; label: string })[] = [{ name, label: 'ckpt' }, 'mock-refuse']) => {
    const file = join(dir, `${name}-${models.length}.yaml`);
    // Labels outside the config's alphabet (imported runs keep other tools' model names) are set after loading.
    const safe = models.map((m) => (typeof m === 'string' || m.label !== HOSTILE_MODEL ? m : { ...m, label: 'hostile' }));
    writeFileSync(file, JSON.stringify({ providers: [{ id: 'p', baseUrl: mock.url, models: safe }], suite: FIXTURE_SUITE }));
    const loaded = loadConfig(file).providers;
    for (const m of loaded[0].models) if (m.label === 'hostile') m.label = HOSTILE_MODEL;
    return loaded;
  };
  beforeAll(async () => {
    mock = await startMockProvider({ scriptsDir: SCRIPTS });
    const store = await openAuditStore(db);
    await startAudit(store, { suite: FIXTURE_SUITE, providers: providers('mock-echo'), langs: ['en', 'zh'], runId: 'ckpt-1' }, { analysisThreads: 0 });
    await new Promise((r) => setTimeout(r, 20)); // distinct creation times
    await startAudit(store, { suite: FIXTURE_SUITE, providers: providers('mock-inform'), langs: ['en', 'zh'], runId: 'ckpt-2' }, { analysisThreads: 0 });
    // A label with a slash (as OpenRouter names models) and markup, in two runs; "solo" in one run only.
    await new Promise((r) => setTimeout(r, 20));
    await startAudit(store, { suite: FIXTURE_SUITE, providers: providers('mock-echo', [{ name: 'mock-echo', label: HOSTILE_MODEL }, { name: 'mock-inform', label: 'solo' }]), langs: ['en'], runId: 'odd-1' }, { analysisThreads: 0 });
    await new Promise((r) => setTimeout(r, 20));
    await startAudit(store, { suite: FIXTURE_SUITE, providers: providers('mock-inform', [{ name: 'mock-inform', label: HOSTILE_MODEL }]), langs: ['en'], runId: 'odd-2' }, { analysisThreads: 0 });
    await store.close();
  }, 120_000);
  afterAll(() => mock?.close());

  it('lists each run oldest first with its rates, and marks the drop in echoes as significant', async () => {
    const store = await openAuditStore(db, { readonly: true });
    const t = await modelTrend(store, 'ckpt');
    expect(await modelsWithTrends(store)).toEqual([HOSTILE_MODEL, 'ckpt', 'mock-refuse'].sort());
    await store.close();
    expect(t.points.map((p) => p.run)).toEqual(['ckpt-1', 'ckpt-2']);
    const [before, after] = t.points;
    expect(before.rates.state_echo.k).toBeGreaterThan(before.n / 2);
    expect(after.rates.state_echo.k).toBe(0);
    expect(before.change).toBeUndefined();
    expect(after.change!.state_echo).toMatchObject({ significant: true });
    expect(after.change!.state_echo.difference).toBeLessThan(-0.5);
    // The refusing model did the same in both runs: nothing changed.
    const reader = await openAuditStore(db, { readonly: true });
    const steady = await modelTrend(reader, 'mock-refuse');
    await reader.close();
    expect(Object.values(steady.points[1].change ?? {}).some((c) => c.significant)).toBe(false);
    expect(trendText(t)).toMatch(/ckpt-2 .*state_echo 0\.0% \[0\.0%–\d+\.\d%\] \*-\d+\.\d pts/);
  });

  it('CLI: text and JSON; an unknown model exits 2; one run gets the empty state', async () => {
    const json = await runCli(['trend', 'ckpt', '--db', db, '--format', 'json']);
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { points: unknown[] }).points).toHaveLength(2);
    const unknown = await runCli(['trend', 'nobody', '--db', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no run in this store includes model "nobody"/);
    const reader = await openAuditStore(db, { readonly: true });
    const single = trendText({ model: 'x', points: [(await modelTrend(reader, 'ckpt')).points[0]] });
    await reader.close();
    expect(single).toMatch(/one run only/);
  });

  it('dashboard: the trend API and page, reached from the home page', async () => {
    const dashboard = await startDashboard({ db, port: 0 });
    try {
      const t = (await (await fetch(new URL('/api/trends/ckpt', dashboard.url))).json()) as { points: { run: string }[] };
      expect(t.points.map((p) => p.run)).toEqual(['ckpt-1', 'ckpt-2']);
      if (!HAVE_CHROMIUM) return;
      const browser = await launchBrowser();
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await page.goto(dashboard.url);
      await page.locator('p.trends a', { hasText: 'ckpt' }).click();
      await page.locator('tr[data-run="ckpt-2"]').waitFor();
      expect(await page.locator('tr[data-run="ckpt-2"] td.changed[data-outcome="state_echo"]').count()).toBe(1);
      expect(await page.locator('tr[data-run="ckpt-1"] td.changed').count()).toBe(0);
      expect(await sidewaysOverflow(page)).toEqual([]);
      await page.screenshot({ path: join(process.env.MOUTHPIECE_SCREENSHOTS ?? dir, 'dashboard-trend-phone.png') });

      // A model named with a slash and markup: linked from the home page, its trend shown, its name only as text.
      await page.goto(dashboard.url);
      await page.locator('p.trends a', { hasText: HOSTILE_MODEL }).click();
      await page.locator('tr[data-run="odd-2"]').waitFor();
      expect(await page.locator('tr[data-run]').count()).toBe(2);
      expect(await page.locator('h1').textContent()).toContain(HOSTILE_MODEL);
      expect(await page.locator('img').count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
      // One run only: the run's rates and the empty state's advice.
      await page.goto(`${dashboard.url}#/trend/solo`);
      await page.locator('tr[data-run="odd-1"]').waitFor();
      expect(await page.locator('main').textContent()).toContain('Only one run includes this model');
      await browser.close();
    } finally {
      await dashboard.close();
    }
  }, 60_000);
});
