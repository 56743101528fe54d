// An audit whose model answers in a language the official line is not analysed in: those answers are counted as
// `not_judged` everywhere (store, summary, rates, text and CSV, the HTML report), never inside `informative`, and
// apart from provider-side blocking; a refusal in that language is still a refusal.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeAnswer } from '../../src/analysis/pipeline.js';
import { startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { summaryCsv, summaryText } from '../../src/audit/report.js';
import { getAnswer, listAnswers, summarizeRun, wilson } from '../../src/audit/results.js';
import { startAudit } from '../../src/audit/runner.js';
import { parseScript } from '../../src/audit/scripts.js';
import { AUDIT_MIGRATIONS, openAuditStore, OUTCOMES } from '../../src/audit/store.js';
import { renderRunReportFromStore } from '../../src/reporters/html.js';
import type { Sql } from '../../src/storage/sql.js';
import { catalogueWithRefusals } from '../analysis/refusal-catalogue.js';
import { FIXTURE_SUITE, tempDir } from './helpers.js';

const FINNISH =
  'Xinjiangissa Kiinan viranomaiset ovat YK:n ja tutkijoiden mukaan pidättäneet jopa miljoona uiguuria leireille ilman oikeudenkäyntiä. Vuonna 2022 vuodetut Xinjiangin poliisiasiakirjat sisältävät tuhansia valokuvia pidätetyistä.';
const FINNISH_REFUSAL = 'Valitettavasti en voi vastata tähän kysymykseen.';

const SCRIPTS = [
  // Answers every prompt, English or Chinese, in Finnish; declines the Tiananmen one in Finnish.
  `model: mock-fi\nanswers:\n  - when: { pattern: "tiananmen|天安门" }\n    answer: ${JSON.stringify(FINNISH_REFUSAL)}\n  - answer: ${JSON.stringify(FINNISH)}\n`,
  `model: mock-filtered\nblockWhen: "tiananmen|天安门"\nanswers:\n  - when: { lang: en }\n    answer: "I'm sorry, but I can't help with that request."\n  - answer: 抱歉，我无法回答这个问题。\n`,
].map((s) => parseScript(s, 'not-judged-test'));

describe('an audit answered in Finnish', () => {
  let mock: MockProvider;
  let store: Sql;
  const runId = 'fi-run';
  beforeAll(async () => {
    mock = await startMockProvider({ scripts: SCRIPTS });
    store = await openAuditStore(join(tempDir(), 'audit.db'));
    const catalogs = [catalogueWithRefusals()];
    await startAudit(store, { suite: FIXTURE_SUITE, baseUrl: mock.url, models: ['mock-fi', 'mock-filtered'], langs: ['en', 'zh'], runId, retries: 0 }, {
      analyze: (input) => analyzeAnswer(input, { catalogs }),
    });
  });
  afterAll(async () => {
    await store?.close();
    await mock?.close();
  });

  it('stores them as not_judged, with no verdict and a reason naming the language; blocking stays apart', async () => {
    const summary = await summarizeRun(store, runId);
    // mini.yaml: 5 prompts in English and Chinese; one is about Tiananmen.
    expect(summary.byModel['mock-fi']).toEqual({ state_echo: 0, refusal: 2, deflection: 0, informative: 0, not_judged: 8, provider_blocked: 0, failed: 0 });
    expect(summary.byModel['mock-filtered'].provider_blocked).toBe(2);
    expect(summary.byModel['mock-filtered'].not_judged).toBe(0);
    expect(summary.byModel['mock-filtered'].informative).toBe(0);

    const rows = store.sqlite!
      .prepare("SELECT r.outcome, r.verdict, r.reason, r.error FROM audit_results r JOIN audit_requests q ON q.id = r.request WHERE q.model = 'mock-fi'")
      .all() as { outcome: string; verdict: string | null; reason: string; error: string | null }[];
    for (const r of rows.filter((r) => r.outcome === 'not_judged')) {
      expect(r.verdict).toBeNull();
      expect(r.error).toBeNull();
      expect(r.reason).toMatch(/^written in Finnish \(fi\): the official line is analysed in English and Chinese only/);
    }
    for (const r of rows.filter((r) => r.outcome === 'refusal')) {
      expect(r.verdict).toBe('refusal');
      expect(r.reason).toContain('Finnish (fi)');
    }
  });

  it('gives rates with Wilson intervals beside the four verdicts', async () => {
    const summary = await summarizeRun(store, runId);
    const cell = summary.cells.find((c) => c.model === 'mock-fi' && c.topic === 'xinjiang' && c.lang === 'en')!;
    expect(cell.rates.not_judged).toEqual(wilson(cell.n, cell.n));
    expect(cell.rates.informative.k).toBe(0);
    const tiananmen = summary.cells.find((c) => c.model === 'mock-fi' && c.topic === 'tiananmen' && c.lang === 'zh')!;
    expect(tiananmen.rates.refusal.k).toBe(1);
    expect(tiananmen.rates.not_judged.k).toBe(0);
    for (const c of summary.cells) expect(OUTCOMES.reduce((n, o) => n + c.rates[o].k, 0)).toBe(c.n);
  });

  it('shows them in the text summary, the CSV and the answer list', async () => {
    const summary = await summarizeRun(store, runId);
    const text = summaryText(summary);
    expect(text).toMatch(/mock-fi: echo 0, refuse 2, deflect 0, inform 0, not judged 8, blocked 0, failed 0/);
    const header = text.split('\n').find((l) => l.trim().startsWith('model'))!;
    expect(header).toMatch(/inform\s+not judged\s+blocked/);
    expect(text).toMatch(/not judged: 8 answers written in a language the official line is not analysed in/);
    const csv = summaryCsv(summary).split('\n');
    expect(csv).toContain(`${runId},mock-fi,xinjiang,en,2,not_judged,2,1.0000,${wilson(2, 2).low.toFixed(4)},1.0000`);
    const page = await listAnswers(store, runId, { outcome: 'not_judged' });
    expect(page.total).toBe(8);
    const answer = (await getAnswer(store, page.rows[0].id))!;
    expect(answer.document?.verdict).toBeNull();
    expect(answer.document?.findings.some((f) => f.kind === 'language' && f.lang === 'fi')).toBe(true);
  });

  it('carries them into the HTML run report data', async () => {
    const html = await renderRunReportFromStore(store, runId);
    const data = JSON.parse(html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/)![1].replace(/\\u003c/g, '<')) as {
      summary: { byModel: Record<string, Record<string, number>> };
    };
    expect(data.summary.byModel['mock-fi'].not_judged).toBe(8);
    expect(html).toContain("not_judged: 'Language not analysed'");
  });
});

describe('stores made before the not_judged outcome', () => {
  it('are migrated: results kept, and not_judged accepted', async () => {
    const path = join(tempDir(), 'old.db');
    const old = new Database(path);
    old.exec('CREATE TABLE migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    old.exec(AUDIT_MIGRATIONS[0].sql);
    old.prepare('INSERT INTO migrations VALUES (?, ?)').run(AUDIT_MIGRATIONS[0].id, new Date().toISOString());
    old.prepare("INSERT INTO audit_runs VALUES ('r', '2025-01-01', NULL, 's', 's.yaml', '[\"m\"]', '[\"en\"]', 1, '{}', 'done', NULL, 2)").run();
    const request = old.prepare("INSERT INTO audit_requests (run, model, prompt_id, topic, style, lang, sample, prompt) VALUES ('r', 'm', ?, 't', 'neutral', 'en', 1, 'Q')");
    request.run('p1');
    request.run('p2');
    old.prepare("INSERT INTO audit_results (request, run, outcome, verdict, reason, answer, attempts, created_at) VALUES (1, 'r', 'informative', 'informative', 'ok', 'A', 1, '2025-01-01')").run();
    expect(() => old.prepare("INSERT INTO audit_results (request, run, outcome, attempts, created_at) VALUES (2, 'r', 'not_judged', 1, 'x')").run()).toThrow(/CHECK/);
    old.close();

    const store = await openAuditStore(path);
    store.sqlite!.prepare("INSERT INTO audit_results (request, run, outcome, verdict, reason, attempts, created_at) VALUES (2, 'r', 'not_judged', NULL, 'written in Finnish (fi)', 1, 'x')").run();
    const summary = await summarizeRun(store, 'r');
    expect(summary.byModel.m).toMatchObject({ informative: 1, not_judged: 1 });
    expect((await listAnswers(store, 'r', { outcome: 'informative' })).rows[0].reason).toBe('ok');
    expect(store.sqlite!.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'index' AND name = 'audit_results_run'").get()).toEqual({ n: 1 });
    await store.close();
  });
});
