// Distributed runs on a real PostgreSQL: worker processes started through the CLI, a mock provider with faults,
// workers killed with SIGKILL in the middle and replaced; the fleet's rate limit measured where the provider sees it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { openAuditStore } from '../../src/audit/store.js';
import { fleetLimit, openQueue, pauseProvider } from '../../src/audit/fleet.js';
import { loadSuite } from '../../src/audit/suite.js';
import { FIXTURE_SCRIPTS, FIXTURE_SUITE, ROOT, collected, lastLine, runCli, type CliResult } from '../audit/helpers.js';
import { freshDatabase, pgSkipReason } from '../helpers/postgres.js';

const PROMPTS = loadSuite(FIXTURE_SUITE).prompts.length;

async function count(db: string, sql: string, params: unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    return Number((await client.query(sql, params)).rows[0].n);
  } finally {
    await client.end();
  }
}

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A worker as a user starts it: the built CLI in a process of its own (no npx or tsx in between, so that SIGTERM and
 * SIGKILL reach the worker itself).
 */
function worker(db: string, ...extra: string[]): { child: ChildProcess; done: Promise<CliResult> } {
  return collected(spawn(process.execPath, [BIN, 'worker', '--db', db, '--poll', '100', '--maintenance', '1', ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }));
}

const BIN = join(ROOT, 'bin/mouthpiece.js');

describe.skipIf(pgSkipReason)('a distributed audit', () => {
  let mock: MockProvider;
  const workers: { child: ChildProcess; done: Promise<CliResult> }[] = [];
  beforeAll(async () => {
    mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS, latencyMs: 120, faults: '429:0.05,500:0.05,drop:0.03,malformed:0.02', retryAfterMs: 200, seed: 11 });
  });
  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await mock?.close();
  });

  it('with 4 workers, two of them killed with SIGKILL mid-run and replaced, ends with exactly the expected results', async () => {
    const db = await freshDatabase('fleet');
    const models = ['mock-echo', 'mock-refuse', 'mock-filtered'];
    const samples = 8;
    const expected = PROMPTS * 2 * models.length * samples;
    const plan = await runCli(['audit', '--suite', FIXTURE_SUITE, '--base-url', mock.url, '--model', models.join(','), '--samples', String(samples), '--db', db, '--run', 'fleet', '--distributed', '--chunk', '4', '--lease', '3', '--concurrency', '8', '--retries', '8', '--backoff', '50', '--timeout', '3000']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(lastLine(plan.stdout)).toBe('fleet');
    expect(plan.stderr).toMatch(new RegExp(`${expected} requests planned and enqueued as ${Math.ceil(expected / 4)} jobs`));
    expect(mock.stats.chat).toBe(0); // planning sends nothing

    for (let i = 0; i < 4; i++) workers.push(worker(db, '--concurrency', '2'));
    const stored = () => count(db, "SELECT COUNT(*) AS n FROM audit_results WHERE run = 'fleet'");
    await until('a quarter of the answers are stored', async () => (await stored()) >= expected / 4);
    // Two workers die with jobs in hand; their jobs come back when their leases expire.
    for (const w of workers.slice(0, 2)) w.child.kill('SIGKILL');
    const killed = await Promise.all(workers.slice(0, 2).map((w) => w.done));
    for (const k of killed) expect(k.signal ?? k.code).toBeTruthy();
    const atKill = await stored();
    expect(atKill).toBeLessThan(expected);
    for (let i = 0; i < 2; i++) workers.push(worker(db, '--concurrency', '2'));

    const watch = await runCli(['audit', '--watch', 'fleet', '--db', db]);
    expect(watch.code, watch.stderr).toBe(0);
    expect(watch.stderr).toMatch(new RegExp(`${expected}/${expected} stored`));

    // Exactly one result per (model, prompt, language, sample): none lost, none twice.
    expect(await count(db, "SELECT COUNT(*) AS n FROM audit_results WHERE run = 'fleet' AND outcome IS NOT NULL")).toBe(expected);
    expect(await count(db, "SELECT COUNT(DISTINCT (q.model, q.prompt_id, q.lang, q.sample)) AS n FROM audit_results r JOIN audit_requests q ON q.id = r.request WHERE r.run = 'fleet'")).toBe(expected);
    expect(await count(db, "SELECT COUNT(*) AS n FROM audit_requests q LEFT JOIN audit_results r ON r.request = q.id WHERE q.run = 'fleet' AND r.request IS NULL")).toBe(0);
    // The faults were met and retried, and the dead workers' jobs were taken over by others.
    expect(await count(db, "SELECT COUNT(*) AS n FROM audit_calls WHERE http_status IN (429, 500) OR error IS NOT NULL")).toBeGreaterThan(0);
    expect(await count(db, "SELECT COUNT(*) AS n FROM mouthpiece_queue.job WHERE data->>'run' = 'fleet' AND retry_count > 0")).toBeGreaterThan(0);
    // A dead worker's job may come back after its answers were all stored: whoever takes it finds nothing to send,
    // and the queue drains.
    await until('every job is completed', async () => (await count(db, "SELECT COUNT(*) AS n FROM mouthpiece_queue.job WHERE data->>'run' = 'fleet' AND state <> 'completed'")) === 0, 30_000);
    expect(await count(db, "SELECT COUNT(*) AS n FROM audit_results WHERE run = 'fleet'")).toBe(expected);
    // The provider's content filter is a provider block, never a refusal.
    expect(await count(db, "SELECT COUNT(*) AS n FROM audit_results r JOIN audit_requests q ON q.id = r.request WHERE q.model = 'mock-filtered' AND r.outcome = 'provider_blocked'")).toBeGreaterThan(0);

    const results = await runCli(['results', 'fleet', '--db', db, '--format', 'json']);
    expect(results.code, results.stderr).toBe(0);
    const summary = JSON.parse(results.stdout) as { expected: number; results: number };
    expect(summary).toMatchObject({ expected, results: expected });
    const runs = JSON.parse((await runCli(['runs', '--db', db, '--format', 'json'])).stdout) as { id: string; status: string }[];
    expect(runs).toEqual([expect.objectContaining({ id: 'fleet', status: 'done' })]);

    // SIGTERM: the live workers finish what they hold and exit 0.
    for (const w of workers.slice(2)) w.child.kill('SIGTERM');
    for (const w of workers.slice(2)) {
      const end = await w.done;
      expect(end.code, end.stderr).toBe(0);
      expect(end.stderr).toMatch(/stopped after \d+ jobs/);
    }
  }, 300_000);

  it('refuses to plan on a SQLite store, and a worker refuses one too', async () => {
    const plan = await runCli(['audit', '--suite', FIXTURE_SUITE, '--base-url', mock.url, '--model', 'mock-echo', '--db', '/tmp/never-made.db', '--distributed']);
    expect(plan.code).toBe(2);
    expect(plan.stderr).toMatch(/--distributed needs a PostgreSQL store/);
    const w = await runCli(['worker', '--db', '/tmp/never-made.db']);
    expect(w.code).toBe(2);
    expect(w.stderr).toMatch(/a worker needs a PostgreSQL store/);
  }, 60_000);
});

describe.skipIf(pgSkipReason)('machines starting together', () => {
  it('eight workers opening the queue of a new database at once all get it (pg-boss alone can deadlock there)', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all(Array.from({ length: 8 }, () => openAuditStore(url)));
    const queues = await Promise.all(Array.from({ length: 8 }, () => openQueue(url)));
    expect((await queues[0]!.getQueues()).map((q) => q.name).filter((n) => n.startsWith('mouthpiece-')).sort()).toEqual(['mouthpiece-analyze', 'mouthpiece-audit']);
    await Promise.all(queues.map((q) => q.stop({ graceful: false, wait: true })));
    await Promise.all(stores.map((s) => s.close()));
  });
});

describe.skipIf(pgSkipReason)('fleet-wide provider limits', () => {
  it('--rpm 600 across 4 workers is never exceeded at the provider over any 10-second window', async () => {
    const arrivals: number[] = [];
    const mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS, latencyMs: 50, onChat: () => arrivals.push(performance.now()) });
    const db = await freshDatabase('rpm');
    const workers: { child: ChildProcess; done: Promise<CliResult> }[] = [];
    try {
      const samples = 12;
      const expected = PROMPTS * 2 * 2 * samples;
      const plan = await runCli(['audit', '--suite', FIXTURE_SUITE, '--base-url', mock.url, '--model', 'mock-echo,mock-refuse', '--samples', String(samples), '--db', db, '--run', 'rpm', '--distributed', '--chunk', '3', '--rpm', '600', '--concurrency', '16']);
      expect(plan.code, plan.stderr).toBe(0);
      for (let i = 0; i < 4; i++) workers.push(worker(db, '--concurrency', '4'));
      const watch = await runCli(['audit', '--watch', 'rpm', '--db', db]);
      expect(watch.code, watch.stderr).toBe(0);
      expect(arrivals.length).toBe(expected);
      arrivals.sort((a, b) => a - b);
      let worst = 0;
      for (let i = 0, j = 0; i < arrivals.length; i++) {
        while (arrivals[i]! - arrivals[j]! >= 10_000) j++;
        worst = Math.max(worst, i - j + 1);
      }
      expect(worst).toBeLessThanOrEqual(100);
      // The limit is the fleet's, not each worker's (4 × 600 would have finished in a quarter of the time)...
      expect(arrivals.at(-1)! - arrivals[0]!).toBeGreaterThan(((expected - 1) * 100) * 0.95);
      // ...and every worker took part.
      for (const w of workers) w.child.kill('SIGTERM');
      const ends = await Promise.all(workers.map((w) => w.done));
      for (const e of ends) expect(Number(/stopped after (\d+) jobs/.exec(e.stderr)?.[1])).toBeGreaterThan(0);
    } finally {
      for (const w of workers) w.child.kill('SIGKILL');
      await mock.close();
    }
  }, 300_000);

  it('a 429 with Retry-After pauses every worker that talks to that provider', async () => {
    const db = await freshDatabase('pause');
    const store = await openAuditStore(db);
    try {
      await store.run("INSERT INTO audit_runs (id, created_at, suite, suite_file, models, langs, samples, config, status, pid, expected) VALUES ('p', 'now', 's', 'f', '[]', '[]', 1, '{}', 'running', NULL, 0)");
      await store.run("INSERT INTO audit_gates (run, provider, gap_ms) VALUES ('p', 'x', 0)");
      await store.run("INSERT INTO audit_slots (run, provider, slot) VALUES ('p', 'x', 1), ('p', 'x', 2)");
      const [a, b] = [fleetLimit(store, 'p', 'x', 'worker-a', 5000), fleetLimit(store, 'p', 'x', 'worker-b', 5000)];
      const t0 = performance.now();
      await (await a())();
      expect(performance.now() - t0).toBeLessThan(400);
      await pauseProvider(store, 'p', 'x', 800);
      const t1 = performance.now();
      await (await b())(); // another worker, same provider: waits out the pause
      expect(performance.now() - t1).toBeGreaterThanOrEqual(700);
      // Two slots: a third taker waits until one is given back.
      const first = await a();
      const second = await b();
      let third = false;
      const pending = a().then(async (release) => {
        third = true;
        await release();
      });
      await new Promise((r) => setTimeout(r, 300));
      expect(third).toBe(false);
      await first();
      await pending;
      expect(third).toBe(true);
      await second();
    } finally {
      await store.close();
    }
  }, 60_000);
});
