// Fault suite for audits, through the real command line against the real mock provider and a real SQLite file:
// two runners of one run at once, SIGKILL at seeded random moments, and what a killed run leaves to resume; a
// provider that repeats the key, and a key inside --base-url.
// Invariants: exactly one runner proceeds; every request ends with exactly one result; no request is sent again
// once answered; a stored answer is never replaced; no byte of a key reaches the store, a file or the terminal.
import { existsSync, readFileSync } from 'node:fs';
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
async function snapshot(db: string, run: string) {
  const store = await openAuditStore(db);
  try {
    const expected = (store.sqlite!.prepare('SELECT expected FROM audit_runs WHERE id = ?').get(run) as { expected: number }).expected;
    const rows = store.sqlite!.prepare('SELECT request, answer, created_at FROM audit_results WHERE run = ? ORDER BY request').all(run) as { request: number; answer: string | null; created_at: string }[];
    return { expected, rows };
  } finally {
    await store.close();
  }
}

/** Answers stored so far (0 before the run exists), read without writing to the store. */
async function stored(db: string): Promise<number> {
  if (!existsSync(db)) return 0;
  const store = await openAuditStore(db, { readonly: true });
  try {
    return (store.sqlite!.prepare("SELECT COUNT(*) AS n FROM audit_results WHERE run = 'killed' AND answer IS NOT NULL").get() as { n: number }).n;
  } catch {
    return 0; // tables not created yet
  } finally {
    await store.close();
  }
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
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
      const store = await openAuditStore(db);
      const controller = new AbortController();
      await startAudit(
        store,
        { suite: FIXTURE_SUITE, baseUrl: mock.url, models: ['mock-echo'], langs: ['en', 'zh'], samples: 3, concurrency: 1, runId: 'shared' },
        { analyze: null, signal: controller.signal, onProgress: (p) => p.done >= 2 && controller.abort() },
      );
      await store.close();
      const before = await snapshot(db, 'shared');
      const pending = before.expected - before.rows.length;
      expect(pending).toBeGreaterThan(10);

      const sentBefore = mock.stats.chat;
      const args = ['audit', '--resume', 'shared', '--db', db, '--concurrency', '2'];
      const [a, b] = await Promise.all([runCli(args), runCli(args)]);
      const outcomes = [a, b].map((r) => r.code).sort();
      expect(outcomes, `${a.stderr}\n${b.stderr}`).toEqual([0, 2]);
      const refused = a.code === 2 ? a : b;
      expect(refused.stderr).toMatch(/being run by process \d+/);

      const after = await snapshot(db, 'shared');
      expect(after.rows.length).toBe(after.expected);
      expect(mock.stats.chat - sentBefore).toBe(pending); // each pending request sent once, nothing twice
      for (const row of before.rows) expect(after.rows.find((r) => r.request === row.request)).toEqual(row);
    }
  }, 120_000);

  it('the store keeps the first answer to a request: a second write for it is dropped unless the first failed', async () => {
    const db = join(tempDir(), 'first.db');
    const store = await openAuditStore(db);
    try {
      store.sqlite!.prepare("INSERT INTO audit_runs (id, created_at, suite, suite_file, models, langs, samples, config, status, pid, expected) VALUES ('r', 'now', 's', 'f', '[]', '[]', 1, '{}', 'running', NULL, 2)").run();
      const insert = store.sqlite!.prepare("INSERT INTO audit_requests (run, model, prompt_id, topic, style, lang, sample, prompt) VALUES ('r', 'm', ?, 't', 's', 'en', 1, 'p')");
      const [one, two] = ['p1', 'p2'].map((p) => Number(insert.run(p).lastInsertRowid));
      const write = auditWriter(store, 0);
      const result = (request: number, answer: string | null, outcome: 'informative' | 'failed') =>
        write.result({ request, run: 'r', outcome, verdict: null, reason: null, answer, reasoning: null, findings: null, talkingPoints: null, document: null, finishReason: null, httpStatus: 200, route: null, latencyMs: 1, tokensIn: null, tokensOut: null, cost: null, attempts: 1, error: null });
      result(one, 'first answer', 'informative');
      result(one, 'second answer', 'informative');
      result(two, null, 'failed');
      result(two, 'answer after a retry', 'informative');
      await write.flush();
      const answers = store.sqlite!.prepare('SELECT request, answer FROM audit_results ORDER BY request').all() as { request: number; answer: string }[];
      expect(answers).toEqual([
        { request: one, answer: 'first answer' },
        { request: two, answer: 'answer after a retry' },
      ]);
    } finally {
      await store.close();
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
      await until(async () => (await stored(db)) > kept.length);
      await new Promise((r) => setTimeout(r, next() * 1000));
      killGroup(child);
      await done;
      const now = (await snapshot(db, 'killed')).rows;
      for (const row of kept) expect(now.find((r) => r.request === row.request)).toEqual(row);
      kept = now.filter((r) => r.answer !== null);
    }
    const final = await runCli([...resume, '--retries', '20']);
    expect(final.code, final.stderr).toBe(0);
    const { expected, rows } = await snapshot(db, 'killed');
    expect(rows.length).toBe(expected);
    expect(new Set(rows.map((r) => r.request)).size).toBe(expected);
    for (const row of kept) expect(rows.find((r) => r.request === row.request)).toEqual(row);
  }, 120_000);
});

/** The store's bytes on disk (main file, write-ahead log, rollback journal). */
function fileBytes(...files: string[]): Buffer {
  return Buffer.concat(files.flatMap((f) => [f, `${f}-wal`, `${f}-journal`]).filter(existsSync).map((f) => readFileSync(f)));
}

/** Fails naming where a secret was found; the secret's distinctive tail is searched too (a prefix may be masked alone). */
function expectNowhere(places: Record<string, Buffer | string>, secrets: string[]): void {
  for (const [where, haystack] of Object.entries(places)) {
    for (const s of secrets) for (const form of [s, s.slice(-10)]) expect(haystack.includes(form), `"${form}" found in ${where}`).toBe(false);
  }
}

/** The commands that print or write a stored run: results, export, runs, the HTML report. */
async function showRun(db: string, run: string, dir: string): Promise<Record<string, Buffer | string>> {
  const html = join(dir, 'report.html');
  const commands: [string, string[]][] = [
    ['results text', ['results', run, '--db', db]],
    ['results json', ['results', run, '--db', db, '--format', 'json']],
    ['export jsonl', ['export', run, '--db', db]],
    ['runs', ['runs', '--db', db, '--format', 'json']],
    ['report', ['report', run, '--db', db, '--out', html]],
  ];
  const out: Record<string, Buffer | string> = {};
  // Readers only: they can run side by side.
  const results = await Promise.all(commands.map(([, args]) => runCli(args)));
  commands.forEach(([name], i) => {
    expect(results[i].code, `${name}: ${results[i].stderr}`).toBe(0);
    out[name] = results[i].stdout + results[i].stderr;
  });
  out['report.html'] = readFileSync(html);
  return out;
}

describe('keys', () => {
  const KEY = 'sk-proj-Zt4Qw8Lm2Rv6Xn1Pk5';
  const URL_PASSWORD = 'pw-3Hc7Jd9Kf2Lg';
  const QUERY_KEY = 'qk-8Ta4Sb6Vc1Wd';
  let mock: MockProvider;
  beforeAll(async () => {
    // Half the chat requests get a 500 repeating the Authorization header and the request's URL.
    mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS, faults: 'echo:0.5', seed: 5 });
  });
  afterAll(() => mock.close());

  it('a provider that echoes the key: not in the store, the terminal, the results, the export or the report', async () => {
    const dir = tempDir();
    const db = join(dir, 'echo.db');
    const echoed = mock.stats.faults.echo;
    const audit = await runCli(['audit', '--suite', FIXTURE_SUITE, '--base-url', mock.url, '--model', 'mock-echo', '--api-key-env', 'MP_FAULT_KEY', '--retries', '1', '--backoff', '1', '--run', 'echo', '--db', db], { MP_FAULT_KEY: KEY });
    expect(audit.code, audit.stderr).toBe(0);
    expect((mock.stats.faults.echo) - echoed).toBeGreaterThan(0);
    // The echoes were stored, masked: some requests failed on them and their errors say so.
    const store = await openAuditStore(db, { readonly: true });
    const errors = (store.sqlite!.prepare("SELECT error FROM audit_results WHERE run = 'echo' AND outcome = 'failed'").all() as { error: string }[]).map((r) => r.error);
    await store.close();
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toContain('Bearer ***');
    expectNowhere({ 'audit output': audit.stdout + audit.stderr, store: fileBytes(db), ...(await showRun(db, 'echo', dir)) }, [KEY]);
  }, 60_000);

  it('a key inside --base-url (user information and ?api_key=): not stored or printed; the resume needs the URL again', async () => {
    const dir = tempDir();
    const db = join(dir, 'url.db');
    const baseUrl = `${mock.url.replace('http://', `http://alice:${URL_PASSWORD}@`)}?api_key=${QUERY_KEY}`;
    const audit = await runCli(['audit', '--suite', FIXTURE_SUITE, '--base-url', baseUrl, '--model', 'mock-echo', '--lang', 'en', '--retries', '0', '--run', 'url', '--db', db]);
    expect(audit.code, audit.stderr).toBe(0);
    const store = await openAuditStore(db, { readonly: true });
    const { config } = store.sqlite!.prepare("SELECT config FROM audit_runs WHERE id = 'url'").get() as { config: string };
    const answers = (store.sqlite!.prepare("SELECT COUNT(*) AS n FROM audit_results WHERE run = 'url' AND answer IS NOT NULL").get() as { n: number }).n;
    await store.close();
    expect(answers).toBeGreaterThan(0); // the URL worked: its query string reached the provider intact
    expect(JSON.parse(config).providers[0].baseUrl).toBe(`${mock.url.replace('http://', 'http://***@')}?api_key=***`);

    const refused = await runCli(['audit', '--resume', 'url', '--retry-failed', '--db', db]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/give the URL again with --base-url/);
    const resumed = await runCli(['audit', '--resume', 'url', '--retry-failed', '--retries', '8', '--backoff', '1', '--base-url', baseUrl, '--db', db]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const basic = Buffer.from(`alice:${URL_PASSWORD}`).toString('base64');
    const printed = { audit: audit.stdout + audit.stderr, refused: refused.stdout + refused.stderr, resumed: resumed.stdout + resumed.stderr };
    expectNowhere({ ...printed, store: fileBytes(db), ...(await showRun(db, 'url', dir)) }, [URL_PASSWORD, QUERY_KEY, basic]);
  }, 60_000);
});
