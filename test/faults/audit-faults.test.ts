// Fault suite for audits, through the real command line against the real mock provider and a real SQLite file:
// two runners of one run at once, SIGKILL at seeded random moments, and what a killed run leaves to resume.
// Invariants: exactly one runner proceeds; every request ends with exactly one result; no request is sent again
// once answered; a stored answer is never replaced.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { startAudit } from '../../src/audit/runner.js';
import { auditWriter, openAuditStore } from '../../src/audit/store.js';
import { FIXTURE_SCRIPTS, FIXTURE_SUITE, killGroup, runCli, spawnCli, tempDir } from '../audit/helpers.js';

/** A small deterministic generator (mulberry32): the same kill moments on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Requests of a run and their stored answers. */
function snapshot(db: string, run: string) {
  const store = openAuditStore(db);
  try {
    const expected = (store.prepare('SELECT expected FROM audit_runs WHERE id = ?').get(run) as { expected: number }).expected;
    const rows = store.prepare('SELECT request, answer, created_at FROM audit_results WHERE run = ? ORDER BY request').all(run) as { request: number; answer: string | null; created_at: string }[];
    return { expected, rows };
  } finally {
    store.close();
  }
}

/** Answers stored so far (0 before the run exists), read without writing to the store. */
function stored(db: string): number {
  if (!existsSync(db)) return 0;
  const store = openAuditStore(db, { readonly: true });
  try {
    return (store.prepare("SELECT COUNT(*) AS n FROM audit_results WHERE run = 'killed' AND answer IS NOT NULL").get() as { n: number }).n;
  } catch {
    return 0; // tables not created yet
  } finally {
    store.close();
  }
}

async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('two runners of one run', () => {
  let mock: MockProvider;
  beforeAll(async () => {
    // Slow replies keep each resume running for seconds: long enough for the second runner to find the first at work.
    // A slow provider check (GET /models, 1.5 s) holds both runners between reading the run and sending: a lock
    // that is not taken in one step lets both through.
    mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS, latencyMs: 250, modelsLatencyMs: 1500 });
  });
  afterAll(() => mock.close());

  it('exactly one of two simultaneous `audit --resume` proceeds; nothing is sent twice or replaced', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const db = join(tempDir(), 'runs.db');
      // An interrupted run: stopped after its first two answers.
      const store = openAuditStore(db);
      const controller = new AbortController();
      await startAudit(
        store,
        { suite: FIXTURE_SUITE, baseUrl: mock.url, models: ['mock-echo'], langs: ['en', 'zh'], samples: 3, concurrency: 1, runId: 'shared' },
        { analyze: null, signal: controller.signal, onProgress: (p) => p.done >= 2 && controller.abort() },
      );
      store.close();
      const before = snapshot(db, 'shared');
      const pending = before.expected - before.rows.length;
      expect(pending).toBeGreaterThan(10);

      const sentBefore = mock.stats.chat;
      const args = ['audit', '--resume', 'shared', '--db', db, '--concurrency', '2'];
      const [a, b] = await Promise.all([runCli(args), runCli(args)]);
      const outcomes = [a, b].map((r) => r.code).sort();
      expect(outcomes, `${a.stderr}\n${b.stderr}`).toEqual([0, 2]);
      const refused = a.code === 2 ? a : b;
      expect(refused.stderr).toMatch(/being run by process \d+/);

      const after = snapshot(db, 'shared');
      expect(after.rows.length).toBe(after.expected);
      expect(mock.stats.chat - sentBefore).toBe(pending); // each pending request sent once, nothing twice
      for (const row of before.rows) expect(after.rows.find((r) => r.request === row.request)).toEqual(row);
    }
  }, 120_000);

  it('the store keeps the first answer to a request: a second write for it is dropped unless the first failed', () => {
    const db = join(tempDir(), 'first.db');
    const store = openAuditStore(db);
    try {
      store.prepare("INSERT INTO audit_runs (id, created_at, suite, suite_file, models, langs, samples, config, status, pid, expected) VALUES ('r', 'now', 's', 'f', '[]', '[]', 1, '{}', 'running', NULL, 2)").run();
      const insert = store.prepare("INSERT INTO audit_requests (run, model, prompt_id, topic, style, lang, sample, prompt) VALUES ('r', 'm', ?, 't', 's', 'en', 1, 'p')");
      const [one, two] = ['p1', 'p2'].map((p) => Number(insert.run(p).lastInsertRowid));
      const write = auditWriter(store, 0);
      const result = (request: number, answer: string | null, outcome: 'informative' | 'failed') =>
        write.result({ request, run: 'r', outcome, verdict: null, reason: null, answer, reasoning: null, findings: null, talkingPoints: null, document: null, finishReason: null, httpStatus: 200, route: null, latencyMs: 1, tokensIn: null, tokensOut: null, cost: null, attempts: 1, error: null });
      result(one, 'first answer', 'informative');
      result(one, 'second answer', 'informative');
      result(two, null, 'failed');
      result(two, 'answer after a retry', 'informative');
      const answers = store.prepare('SELECT request, answer FROM audit_results ORDER BY request').all() as { request: number; answer: string }[];
      expect(answers).toEqual([
        { request: one, answer: 'first answer' },
        { request: two, answer: 'answer after a retry' },
      ]);
    } finally {
      store.close();
    }
  });
});

describe('SIGKILL at seeded random moments', () => {
  let mock: MockProvider;
  beforeAll(async () => {
    mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS, latencyMs: 40, faults: '429:0.05,500:0.05,drop:0.03', seed: 7 });
  });
  afterAll(() => mock.close());

  it('an audit killed three times and resumed ends with exactly one result per request, and keeps every earlier answer', async () => {
    const next = random(20261205);
    const db = join(tempDir(), 'killed.db');
    const start = ['audit', '--suite', FIXTURE_SUITE, '--base-url', mock.url, '--model', 'mock-echo', '--model', 'mock-refuse', '--lang', 'en,zh', '--samples', '3', '--concurrency', '4', '--run', 'killed', '--db', db];
    const resume = ['audit', '--resume', 'killed', '--db', db, '--concurrency', '4'];
    let kept: { request: number; answer: string | null; created_at: string }[] = [];
    for (let kill = 0; kill < 3; kill++) {
      const { child, done } = spawnCli(kill === 0 ? start : resume);
      // Once this runner has stored a new answer, the kill lands at a seeded moment within the next second.
      await until(() => stored(db) > kept.length);
      await new Promise((r) => setTimeout(r, next() * 1000));
      killGroup(child);
      await done;
      const now = snapshot(db, 'killed').rows;
      for (const row of kept) expect(now.find((r) => r.request === row.request)).toEqual(row);
      kept = now.filter((r) => r.answer !== null);
    }
    const final = await runCli([...resume, '--retries', '20']);
    expect(final.code, final.stderr).toBe(0);
    const { expected, rows } = snapshot(db, 'killed');
    expect(rows.length).toBe(expected);
    expect(new Set(rows.map((r) => r.request)).size).toBe(expected);
    for (const row of kept) expect(rows.find((r) => r.request === row.request)).toEqual(row);
  }, 120_000);
});
