// The same store tests on both engines: a SQLite file and a real PostgreSQL server. Whatever is stored through the
// one interface reads back the same from either, runs are claimed by one runner at a time, there is one result per
// request, and a run copied from one engine to the other and back is unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startAudit } from '../../src/audit/runner.js';
import { getAnswer, listAnswers, listRuns, summarizeRun } from '../../src/audit/results.js';
import { addReview, exportReviews, reviewStats } from '../../src/audit/review.js';
import { exportedAnswers, importRun } from '../../src/audit/export.js';
import { modelTrend } from '../../src/audit/trend.js';
import { copyRun } from '../../src/audit/copy.js';
import { auditWriter, claimRun, countResults, createRun, openAuditStore, pendingRequests, type PlannedRequest, type RunConfig } from '../../src/audit/store.js';
import { startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { analyzeAnswer } from '../../src/analysis/pipeline.js';
import { toPostgres, type Sql } from '../../src/storage/sql.js';
import { FIXTURE_SCRIPTS, FIXTURE_SUITE, tempDir } from '../audit/helpers.js';
import { freshDatabase, pgSkipReason } from '../helpers/postgres.js';
import { writeFileSync } from 'node:fs';
import { startDashboard } from '../../src/web/server.js';

const CONFIG: RunConfig = { providers: [], temperature: null, maxTokens: null, system: null, stream: false, timeoutMs: 1000, retries: 0 };
/** Text a store must keep byte for byte: quotes, placeholders of both engines, backslashes, controls, bidi, CJK. */
const HOSTILE = "它说：'所谓' \"quoted\" ? @name $1 $$ \\x00-free \\\\ back\\slash \u0007 \u202e rtl \u2028 -- ; DROP TABLE audit_runs; 🙂";

const engines: { name: string; skip: string | null; open: () => Promise<Sql> }[] = [
  { name: 'SQLite', skip: null, open: () => openAuditStore(join(tempDir(), 'store.db')) },
  { name: 'PostgreSQL', skip: pgSkipReason, open: async () => openAuditStore(await freshDatabase()) },
];

function requests(n: number, prompt = (i: number) => `Question ${i}`): PlannedRequest[] {
  return Array.from({ length: n }, (_, i) => ({ model: i % 2 ? 'm-b' : 'm-a', promptId: `p${Math.floor(i / 4)}`, topic: i % 3 ? 'xinjiang' : 'tibet', style: 'neutral', lang: i % 4 < 2 ? 'en' : 'zh', sample: 1, prompt: prompt(i), expects: [] }));
}

const result = (request: number, run: string, answer: string | null, outcome: 'informative' | 'failed' | 'refusal' = 'informative') => ({
  request, run, outcome, verdict: outcome === 'failed' ? null : outcome, reason: null, answer, reasoning: null, findings: null, talkingPoints: null, document: null,
  finishReason: 'stop', httpStatus: 200, route: null, latencyMs: 12.5, tokensIn: 3, tokensOut: 7, cost: 0.25, attempts: 1, error: null,
});

describe('toPostgres: one query text for both engines', () => {
  it.each([
    ['SELECT * FROM t WHERE a = ? AND b = ?', [1, 2], 'SELECT * FROM t WHERE a = $1 AND b = $2', [1, 2]],
    ["SELECT '?' AS q, x FROM t WHERE y = ?", ['v'], "SELECT '?' AS q, x FROM t WHERE y = $1", ['v']],
    ['UPDATE t SET a = @a, b = @b WHERE id = @a', { a: 1, b: 'x' }, 'UPDATE t SET a = $1, b = $2 WHERE id = $1', [1, 'x']],
    ['SELECT prompt_id AS promptId, lang AS lang FROM q', [], 'SELECT prompt_id AS "promptId", lang AS lang FROM q', []],
    ['SELECT "weird?col" FROM t WHERE x = ?', [undefined], 'SELECT "weird?col" FROM t WHERE x = $1', [null]],
    ["SELECT 'it''s @home' FROM t WHERE x = @x", { x: 5 }, "SELECT 'it''s @home' FROM t WHERE x = $1", [5]],
  ] as const)('%s', (sql, params, text, values) => {
    expect(toPostgres(sql, params as never)).toEqual({ text, values });
  });
});

for (const engine of engines) {
  describe.skipIf(engine.skip)(`the audit store on ${engine.name}`, () => {
    let store: Sql;
    beforeAll(async () => {
      store = await engine.open();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('stores a plan whole, lists what is pending, and counts results', async () => {
      await createRun(store, { id: 'plan', suite: 's', suiteFile: 's.yaml', models: ['m-a', 'm-b'], langs: ['en', 'zh'], samples: 1, config: CONFIG }, requests(1203));
      const pending = await pendingRequests(store, 'plan');
      expect(pending).toHaveLength(1203);
      expect(pending[0]).toMatchObject({ model: 'm-a', promptId: 'p0', lang: 'en', prompt: 'Question 0' });
      const write = auditWriter(store);
      for (const p of pending.slice(0, 10)) write.result(result(p.id, 'plan', `answer ${p.id}`));
      await write.flush();
      expect(await countResults(store, 'plan')).toBe(10);
      expect(await pendingRequests(store, 'plan')).toHaveLength(1193);
      // A plan whose insert fails half-way leaves nothing.
      const bad = requests(3);
      bad[2] = { ...bad[1]! };
      await expect(createRun(store, { id: 'half', suite: 's', suiteFile: 's.yaml', models: [], langs: [], samples: 1, config: CONFIG }, bad)).rejects.toThrow();
      expect(await store.get('SELECT id FROM audit_runs WHERE id = ?', ['half'])).toBeUndefined();
      expect((await store.get<{ n: number }>("SELECT COUNT(*) AS n FROM audit_requests WHERE run = 'half'"))!.n).toBe(0);
    });

    it('keeps the first answer to a request; only a failed one is replaced', async () => {
      const [one, two] = (await pendingRequests(store, 'plan')).slice(0, 2).map((p) => p.id);
      const write = auditWriter(store, 0);
      write.result(result(one!, 'plan', 'first'));
      write.result(result(one!, 'plan', 'second'));
      write.result(result(two!, 'plan', null, 'failed'));
      write.result(result(two!, 'plan', 'after a retry'));
      await write.flush();
      const rows = await store.all<{ answer: string }>('SELECT answer FROM audit_results WHERE request IN (?, ?) ORDER BY request', [one, two]);
      expect(rows.map((r) => r.answer)).toEqual(['first', 'after a retry']);
    });

    it('lets one runner claim a run at a time', async () => {
      await createRun(store, { id: 'claimed', suite: 's', suiteFile: 's.yaml', models: [], langs: [], samples: 1, config: CONFIG }, requests(2));
      const alive = () => true;
      const first = await claimRun(store, 'claimed', alive);
      expect(first.claimed).toBe(true);
      if (engine.name === 'PostgreSQL') {
        // Another runner (its own connection) is refused while the first holds the run, and takes it once released.
        const other = await openAuditStore(store.postgresUrl!);
        expect((await claimRun(other, 'claimed', alive)).claimed).toBe(false);
        if (first.claimed) await first.release();
        const second = await claimRun(other, 'claimed', alive);
        expect(second.claimed).toBe(true);
        if (second.claimed) await second.release();
        await other.close();
      } else {
        // SQLite knows runners by process id: a live other process is refused.
        await store.run('UPDATE audit_runs SET pid = ? WHERE id = ?', [process.pid + 100000, 'claimed']);
        expect(await claimRun(store, 'claimed', alive)).toEqual({ claimed: false, owner: process.pid + 100000 });
        expect((await claimRun(store, 'claimed', () => false)).claimed).toBe(true);
      }
    });

    it('keeps hostile text byte for byte', async () => {
      await createRun(store, { id: HOSTILE.slice(0, 20), suite: HOSTILE, suiteFile: 's.yaml', models: [HOSTILE], langs: ['en'], samples: 1, config: CONFIG }, requests(1, () => HOSTILE).map((r) => ({ ...r, model: HOSTILE, source: { note: HOSTILE } })));
      const [p] = await pendingRequests(store, HOSTILE.slice(0, 20));
      expect(p!.prompt).toBe(HOSTILE);
      const write = auditWriter(store);
      write.result(result(p!.id, HOSTILE.slice(0, 20), HOSTILE));
      await write.flush();
      const exported: unknown[] = [];
      for await (const e of exportedAnswers(store, HOSTILE.slice(0, 20))) exported.push(e);
      expect(exported).toHaveLength(1);
      expect(exported[0]).toMatchObject({ model: HOSTILE, prompt: HOSTILE, answer: HOSTILE, source: { note: HOSTILE } });
    });
  });
}

describe.skipIf(pgSkipReason)('the same run on SQLite and PostgreSQL', () => {
  let mock: MockProvider;
  let sqlite: Sql;
  let postgres: Sql;
  beforeAll(async () => {
    mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS });
    sqlite = await openAuditStore(join(tempDir(), 'a.db'));
    postgres = await openAuditStore(await freshDatabase());
    for (const store of [sqlite, postgres]) {
      for (const run of ['r1', 'r2']) {
        await startAudit(store, { suite: FIXTURE_SUITE, baseUrl: mock.url, models: ['mock-echo', 'mock-refuse'], langs: ['en', 'zh'], runId: run, retries: 0 }, { analysisThreads: 0 });
      }
    }
  }, 120_000);
  afterAll(async () => {
    await sqlite?.close();
    await postgres?.close();
    await mock?.close();
  });

  const strip = <T>(x: T): T => JSON.parse(JSON.stringify(x, (k, v) => (['createdAt', 'created_at', 'meanLatencyMs', 'latencyMs', 'at', 'status', 'corpusCommand'].includes(k) ? undefined : v))) as T;

  it('reads back the same summaries, answers, trends and reviews', async () => {
    expect(strip(await summarizeRun(postgres, 'r1'))).toEqual(strip(await summarizeRun(sqlite, 'r1')));
    expect(strip(await listRuns(postgres))).toEqual(strip(await listRuns(sqlite)));
    const filter = { model: 'mock-refuse', lang: 'zh', offset: 1, limit: 3 };
    const [pa, sa] = [await listAnswers(postgres, 'r2', filter), await listAnswers(sqlite, 'r2', filter)];
    expect(pa.total).toBe(sa.total);
    expect(pa.rows.map((r) => [r.promptId, r.outcome, r.answer])).toEqual(sa.rows.map((r) => [r.promptId, r.outcome, r.answer]));
    const [pg1, sq1] = [await getAnswer(postgres, pa.rows[0]!.id), await getAnswer(sqlite, sa.rows[0]!.id)];
    expect(pg1!.document).toEqual(sq1!.document);
    expect(strip(await modelTrend(postgres, 'mock-echo'))).toEqual(strip(await modelTrend(sqlite, 'mock-echo')));
    for (const [store, rows] of [[postgres, pa.rows], [sqlite, sa.rows]] as const) {
      await addReview(store, { run: 'r2', result: rows[0]!.id, reviewer: 'ana', verdict: 'informative', at: '2026-01-01T00:00:00Z' });
      await addReview(store, { run: 'r2', result: rows[0]!.id, reviewer: 'ana', verdict: 'refusal', at: '2026-01-02T00:00:00Z' });
      await addReview(store, { run: 'r2', result: rows[1]!.id, reviewer: 'bo', verdict: 'refusal', at: '2026-01-02T00:00:00Z' });
    }
    expect(await reviewStats(postgres, 'r2')).toEqual(await reviewStats(sqlite, 'r2'));
    const lines = (text: string) => text.trim().split('\n').map((l) => strip(JSON.parse(l) as { id: string }));
    expect(lines(await exportReviews(postgres, 'r2')).map(({ id: _id, ...l }) => l)).toEqual(lines(await exportReviews(sqlite, 'r2')).map(({ id: _id, ...l }) => l));
  });

  it('serves the same dashboard from either store, review labels written to each', async () => {
    const served = [];
    for (const db of [sqlite.where, postgres.postgresUrl!]) {
      const dashboard = await startDashboard({ db, port: 0 });
      const get = async (path: string) => strip(await (await fetch(new URL(path, dashboard.url))).json());
      try {
        const overview = (await get('/api/overview')) as { runs: { id: string }[] };
        const run = await get('/api/runs/r1');
        const answers = (await get('/api/runs/r1/answers?model=mock-echo&lang=zh&limit=3')) as { total: number; rows: { id: number }[] };
        const answer = (await get(`/api/answers/${answers.rows[0]!.id}`)) as { document: unknown };
        const posted = await fetch(new URL('/api/runs/r1/review', dashboard.url), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ result: answers.rows[1]!.id, reviewer: 'cy', verdict: 'refusal' }),
        });
        expect(posted.status).toBe(200);
        const review = (await posted.json()) as { stats: { reviewed: number } };
        expect(review.stats.reviewed).toBe(1);
        served.push({ runs: overview.runs.map((r) => r.id).sort(), run, total: answers.total, document: answer.document });
      } finally {
        await dashboard.close();
      }
    }
    expect(served[1]).toEqual(served[0]);
  });

  it('copies a run SQLite → PostgreSQL → SQLite unchanged, reviews and calls included', async () => {
    const target = await openAuditStore(await freshDatabase());
    const back = await openAuditStore(join(tempDir(), 'back.db'));
    const there = await copyRun(sqlite, target, 'r2');
    expect(there.results).toBe((await summarizeRun(sqlite, 'r2')).results);
    expect(there.reviews).toBe(2); // ana's second label replaced her first
    expect(there.calls).toBeGreaterThanOrEqual(there.results);
    await copyRun(target, back, 'r2', 'r2-back');
    const all = async (s: Sql, run: string) => {
      const out = [];
      for await (const e of exportedAnswers(s, run)) out.push({ ...e, run: 'x', provider: { ...e.provider, latencyMs: null } });
      return out;
    };
    expect(await all(back, 'r2-back')).toEqual(await all(sqlite, 'r2'));
    expect(await all(target, 'r2')).toEqual(await all(sqlite, 'r2'));
    expect(await reviewStats(back, 'r2-back')).toEqual({ ...(await reviewStats(sqlite, 'r2')), run: 'r2-back' });
    await expect(copyRun(sqlite, target, 'r2')).rejects.toThrow(/already exists/);
    await expect(copyRun(sqlite, target, 'nope')).rejects.toThrow(/no audit run "nope"/);
    await target.close();
    await back.close();
  });

  it('imports answers for later analysis: stored unanalysed, analysed to the same verdicts as inline', async () => {
    const file = join(tempDir(), 'answers.jsonl');
    writeFileSync(file, ['The so-called "re-education camps" are vocational centres; the allegations are lies fabricated by anti-China forces.', "I'm sorry, but I can't help with that."].map((answer, i) => JSON.stringify({ id: `q${i}`, prompt: 'Q', answer, model: 'm' })).join('\n'));
    await importRun(postgres, file, 'later', 'later');
    expect((await postgres.all<{ outcome: string | null }>("SELECT outcome FROM audit_results WHERE run = 'later'")).map((r) => r.outcome)).toEqual([null, null]);
    await importRun(sqlite, file, 'inline', (input) => analyzeAnswer(input));
    expect((await sqlite.all<{ outcome: string }>("SELECT outcome FROM audit_results WHERE run = 'inline' ORDER BY request")).map((r) => r.outcome)).toEqual(['state_echo', 'refusal']);
  });
});

describe.skipIf(pgSkipReason)('a new PostgreSQL store opened by many machines at once', () => {
  it('is migrated once, under a lock: every opener succeeds and every migration is recorded once', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all(Array.from({ length: 6 }, () => openAuditStore(url)));
    const rows = await stores[0]!.all<{ id: string; n: number }>('SELECT id, COUNT(*) AS n FROM migrations GROUP BY id');
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    await Promise.all(stores.map((s) => s.close()));
  });
});
