import { createServer } from 'node:http';
import { existsSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDocument, type Verdict } from '../../src/document.js';
import type { AnswerInput } from '../../src/analysis/pipeline.js';
import { openAuditStore, OUTCOMES } from '../../src/audit/store.js';
import { defaultAnalysisThreads, resumeAudit, startAudit, AuditSetupError } from '../../src/audit/runner.js';
import { getAnswer, listAnswers, listRuns, summarizeRun, wilson } from '../../src/audit/results.js';
import { loadSuite } from '../../src/audit/suite.js';
import { startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { loadScripts } from '../../src/audit/scripts.js';
import { BUILTIN_SCRIPTS, DEFAULT_SUITE, FIXTURE_SCRIPTS, FIXTURE_SUITE, tempDir } from './helpers.js';

/** A stand-in analysis so these tests check the runner's plumbing, not the analyzer's judgement. */
const fakeAnalysis = (input: AnswerInput) => {
  const verdict: Verdict = /so-called|所谓|people first|中国政府/.test(input.answer) ? 'state_echo' : /sorry|抱歉/.test(input.answer) ? 'refusal' : 'informative';
  const doc = newDocument({ id: input.id!, source: input.id!, format: 'answer', kind: 'answer', text: input.answer });
  doc.verdict = verdict;
  doc.reason = `fake: ${verdict}`;
  if (verdict === 'state_echo') {
    doc.findings.push({ kind: 'echo', start: 0, end: 5, text: input.answer.slice(0, 5), voice: 'own', part: 'answer', message: 'echo', talkingPoint: { id: 'cn.test.point', state: 'CN', topic: 'xinjiang', claim: 'A test claim.', framing: 'denial', phrasing: 'x', score: 1 } });
  }
  return doc;
};

describe('defaultAnalysisThreads', () => {
  // The main thread sends the requests and stores the results: the threads take the other cores, one to four of them.
  it.each([
    [1, 1],
    [2, 1],
    [3, 2],
    [5, 4],
    [64, 4],
  ])('%i cores: %i analysis threads', (cores, threads) => {
    expect(defaultAnalysisThreads(cores)).toBe(threads);
  });
});

function oneRequestSuite(dir: string): string {
  const file = join(dir, 'one.yaml');
  writeFileSync(file, 'suite: one\nprompts:\n  - id: one.q\n    topic: xinjiang\n    style: neutral\n    text: { en: "Xinjiang?", zh: "新疆？" }\n');
  return file;
}

describe('audit runner against the mock provider', () => {
  let mock: MockProvider;
  const scripts = loadScripts(FIXTURE_SCRIPTS);
  beforeAll(async () => {
    mock = await startMockProvider({ scripts, latencyMs: 3, faults: '429:0.08,500:0.08,drop:0.04,malformed:0.04,truncate:0.04,timeout:0.02', seed: 42, retryAfterMs: 30 });
  });
  afterAll(() => mock.close());

  it('stores exactly one result per (prompt, language, model, sample) through faults, cancellation and resume', async () => {
    const store = await openAuditStore(join(tempDir(), 'audit.db'));
    const suite = loadSuite(FIXTURE_SUITE);
    const controller = new AbortController();
    let seen = 0;
    const options = { suite: FIXTURE_SUITE, baseUrl: mock.url, models: ['mock-echo', 'mock-refuse', 'mock-filtered'], samples: 3, concurrency: 12, timeoutMs: 400, retries: 6, runId: 'faulty', stream: true };
    const first = await startAudit(store, options, {
      analyze: fakeAnalysis,
      backoffMs: 5,
      signal: controller.signal,
      onProgress: (p) => {
        seen = p.done;
        if (p.done >= 20) controller.abort();
      },
    });
    const expected = suite.prompts.length * 2 * 3 * 3;
    expect(first.status).toBe('interrupted');
    expect(first.expected).toBe(expected);
    expect(first.results).toBeLessThan(expected);
    expect(seen).toBeGreaterThanOrEqual(20);

    const second = await resumeAudit(store, 'faulty', {}, { analyze: fakeAnalysis, backoffMs: 5 });
    expect(second.status).toBe('done');
    expect(second.results).toBe(expected);
    expect(second.sent).toBe(expected - first.results);

    const { n, keys } = store.sqlite!
      .prepare(
        `SELECT COUNT(*) AS n, COUNT(DISTINCT q.prompt_id || '|' || q.lang || '|' || q.model || '|' || q.sample) AS keys
         FROM audit_results r JOIN audit_requests q ON q.id = r.request WHERE r.run = ? AND r.outcome IS NOT NULL`,
      )
      .get('faulty') as { n: number; keys: number };
    expect((store.sqlite!.prepare('SELECT COUNT(*) AS n FROM audit_results WHERE outcome IS NULL').get() as { n: number }).n).toBe(0);
    expect(n).toBe(expected);
    expect(keys).toBe(expected);
    const summary = await summarizeRun(store, 'faulty');
    expect(summary.results).toBe(expected);
    expect(Object.values(summary.byModel).reduce((s, c) => s + OUTCOMES.reduce((t, o) => t + c[o], 0), 0)).toBe(expected);
    // Faults were met and retried; every call's status is recorded.
    const statuses = store.sqlite!.prepare('SELECT DISTINCT http_status AS s FROM audit_calls').all().map((r) => (r as { s: number | null }).s);
    expect(statuses).toEqual(expect.arrayContaining([200, 400, 429, 500, null]));
    // The filtered model's blocked prompts are provider blocks, never refusals.
    const tiananmen = await listAnswers(store, 'faulty', { model: 'mock-filtered', topic: 'tiananmen', limit: 100 });
    const settled = tiananmen.rows.filter((r) => r.outcome !== 'failed');
    expect(settled.length).toBeGreaterThan(0);
    for (const r of settled) expect(r.outcome).toBe('provider_blocked');
    expect(summary.byModel['mock-echo'].state_echo).toBeGreaterThan(0);
    expect(summary.byModel['mock-refuse'].refusal).toBeGreaterThan(0);
    expect(summary.topTalkingPoints[0]).toMatchObject({ id: 'cn.test.point', models: { 'mock-echo': summary.topTalkingPoints[0].count } });
  });

  it('keeps reasoning apart, records route and status, and gives the stored analysis back', async () => {
    const store = await openAuditStore(join(tempDir(), 'audit.db'));
    const quiet = await startMockProvider({ scripts });
    try {
      await startAudit(store, { suite: FIXTURE_SUITE, baseUrl: quiet.url, models: ['mock-refuse'], langs: ['en'], runId: 'r1', system: 'Be brief.', temperature: 0.7 }, { analyze: fakeAnalysis });
      const { total, rows } = await listAnswers(store, 'r1', { lang: 'en' });
      expect(total).toBe(5);
      expect(rows[0]).toMatchObject({ outcome: 'refusal', answer: "I'm sorry, but I can't help with that request.", reasoning: 'This topic is sensitive; decline politely.', httpStatus: 200, route: 'mouthpiece-mock' });
      const full = (await getAnswer(store, rows[0].id))!;
      expect(full.document?.verdict).toBe('refusal');
      expect((await listRuns(store))[0]).toMatchObject({ id: 'r1', status: 'done', expected: 5, results: 5, models: ['mock-refuse'] });
    } finally {
      await quiet.close();
    }
  });

  it('waits at least as long as Retry-After asks before retrying', async () => {
    const dir = tempDir();
    const times: number[] = [];
    const server = createServer((req, res) => {
      if (req.url === '/v1/models') return res.end(JSON.stringify({ data: [{ id: 'm' }] }));
      times.push(Date.now());
      if (times.length === 1) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { message: 'slow down', code: 'rate_limit_exceeded' } }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ message: { content: 'An answer.' }, finish_reason: 'stop' }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/v1`;
    try {
      const store = await openAuditStore(join(dir, 'a.db'));
      const report = await startAudit(store, { suite: oneRequestSuite(dir), baseUrl: url, models: ['m'], langs: ['en'] }, { analyze: fakeAnalysis, backoffMs: 1 });
      expect(report.counts.informative).toBe(1);
      expect(times).toHaveLength(2);
      expect(times[1] - times[0]).toBeGreaterThanOrEqual(1000);
      const calls = store.sqlite!.prepare('SELECT http_status AS status, retry_after_ms AS wait FROM audit_calls ORDER BY id').all();
      expect(calls).toEqual([{ status: 429, wait: 1000 }, { status: 200, wait: null }]);
    } finally {
      server.close();
    }
  });

  it('spaces requests by --rpm', async () => {
    const dir = tempDir();
    const quiet = await startMockProvider({ scripts });
    try {
      const store = await openAuditStore(join(dir, 'a.db'));
      const t0 = Date.now();
      await startAudit(store, { suite: FIXTURE_SUITE, baseUrl: quiet.url, models: ['mock-echo'], langs: ['en'], concurrency: 5, rpm: 600 }, { analyze: null });
      expect(Date.now() - t0).toBeGreaterThanOrEqual(4 * 100 - 5);
    } finally {
      await quiet.close();
    }
  });

  it('on resume, analyses answers stored before the kill without asking again, and --retry-failed re-sends failures', async () => {
    const quiet = await startMockProvider({ scripts });
    try {
      const store = await openAuditStore(join(tempDir(), 'a.db'));
      const options = { suite: FIXTURE_SUITE, baseUrl: quiet.url, models: ['mock-echo'], langs: ['en'], runId: 'partial' };
      await startAudit(store, options, { analyze: fakeAnalysis });
      // As if the process died after storing two answers but before their analysis, and one request had failed.
      store.sqlite!.prepare("UPDATE audit_results SET outcome = NULL, verdict = NULL WHERE request IN (SELECT request FROM audit_results WHERE run = 'partial' LIMIT 2)").run();
      store.sqlite!.prepare("UPDATE audit_results SET outcome = 'failed', answer = NULL WHERE request = (SELECT MAX(request) FROM audit_results WHERE run = 'partial')").run();
      const sentBefore = quiet.stats.chat;
      const resumed = await resumeAudit(store, 'partial', {}, { analyze: fakeAnalysis });
      expect(quiet.stats.chat).toBe(sentBefore); // nothing re-sent: the answers were in the store
      expect(resumed).toMatchObject({ status: 'done', results: 5, sent: 0 });
      expect(resumed.counts).toMatchObject({ state_echo: 4, failed: 1 });
      const retried = await resumeAudit(store, 'partial', {}, { analyze: fakeAnalysis, retryFailed: true });
      expect(quiet.stats.chat).toBe(sentBefore + 1);
      expect(retried).toMatchObject({ status: 'done', results: 5, sent: 1 });
      expect(retried.counts).toMatchObject({ state_echo: 5, failed: 0 });
    } finally {
      await quiet.close();
    }
  });

  it('refuses to start twice with the same --run id', async () => {
    const store = await openAuditStore(join(tempDir(), 'a.db'));
    await startAudit(store, { suite: FIXTURE_SUITE, baseUrl: mock.url, models: ['mock-echo'], langs: ['en'], runId: 'same', retries: 10, timeoutMs: 400 }, { analyze: null, backoffMs: 1 });
    await expect(startAudit(store, { suite: FIXTURE_SUITE, baseUrl: mock.url, models: ['mock-echo'], runId: 'same' })).rejects.toThrow(AuditSetupError);
  });
});

describe('results arithmetic', () => {
  it('Wilson 95% intervals match the textbook values', () => {
    const r = wilson(5, 10);
    expect(r.rate).toBe(0.5);
    expect(r.low).toBeCloseTo(0.2366, 3);
    expect(r.high).toBeCloseTo(0.7634, 3);
    const zero = wilson(0, 20);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.1611, 3);
    expect(wilson(0, 0)).toMatchObject({ low: 0, high: 1 });
  });
});

describe.skipIf(!existsSync(BUILTIN_SCRIPTS) || !existsSync(DEFAULT_SUITE))('the real analysis on the built-in scripts', () => {
  it('mock-echo echoes, mock-split informs in English and echoes in Chinese: the language gap shows', async () => {
    const dir = tempDir();
    const suite = loadSuite(DEFAULT_SUITE);
    const file = join(dir, 'xinjiang.yaml');
    writeFileSync(file, stringify({ suite: 'xinjiang', prompts: suite.prompts.filter((p) => p.id === 'xinjiang.human-rights.neutral') }));
    const mock = await startMockProvider({ scriptsDir: BUILTIN_SCRIPTS });
    try {
      const store = await openAuditStore(join(dir, 'a.db'));
      await startAudit(store, { suite: file, baseUrl: mock.url, models: ['mock-echo', 'mock-split'], runId: 'real' }, { analysisThreads: 0 });
      const s = await summarizeRun(store, 'real');
      expect(s.byModel['mock-echo'].state_echo).toBe(2);
      expect(s.byModel['mock-split']).toMatchObject({ state_echo: 1, informative: 1 });
      const gap = s.langGaps.find((g) => g.model === 'mock-split')!;
      expect(gap).toMatchObject({ promptId: 'xinjiang.human-rights.neutral', gap: 1 });
      expect(gap.en.informative).toBe(1);
      expect(gap.zh.state_echo).toBe(1);
      expect(s.topTalkingPoints.length).toBeGreaterThan(0);
      expect(s.topTalkingPoints[0].models['mock-echo']).toBeGreaterThan(0);
    } finally {
      await mock.close();
    }
  });
});
