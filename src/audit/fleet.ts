// One audit (or one batch analysis) carried out by a fleet of workers on any number of machines, through one
// PostgreSQL database that is both the store and the work queue (pg-boss). The planner stores the run and enqueues
// its requests in chunks; each worker takes chunks, sends what has no result yet, analyses the answers and stores
// them. Exactly one result per request is the store's primary key, whatever crashes; a chunk taken by a worker that
// died is handed out again when its lease expires, and only its requests without a result are sent again.
// Provider limits hold for the whole fleet: the rate and the 429 pauses live in `audit_gates`, the concurrency in
// leased `audit_slots`.
import PgBoss from 'pg-boss';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { analyzeAnswer, analyzerVersion } from '../analysis/pipeline.js';
import { pgModule, type Sql } from '../storage/sql.js';
import { maskSecrets } from '../secrets.js';
import { AuditSetupError, askProvider, cacheKey, connect, createAuditRun, replyRecord, type AuditOptions } from './runner.js';
import type { ProviderSpec } from './config.js';
import type { ProviderOptions } from './provider.js';
import { analysisRecord, getRunRow, responseCache, runProviders, storeAnalysis, storeCall, storeResult, type PendingRequest, type RunConfig } from './store.js';

export const AUDIT_QUEUE = 'mouthpiece-audit';
export const ANALYZE_QUEUE = 'mouthpiece-analyze';
/** pg-boss keeps its tables in a schema of its own, beside the store's. */
const QUEUE_SCHEMA = 'mouthpiece_queue';
const INSERT_JOBS = 1000;
/**
 * Starts are spaced 1 % wider than the rpm asks: a request may leave up to a quarter of a gap late (see fleetLimit)
 * and the network adds its own jitter, and the provider must still never count more than its limit in any window.
 */
const RATE_MARGIN = 1.01;
/** How often a retried job may come back (a chunk whose worker died counts as a retry). */
const RETRY_LIMIT = 1000;

export interface FleetSettings {
  /** Requests per job. */
  chunk: number;
  /** How long a worker holds a job before another may take it over (its worker presumed dead). */
  leaseSeconds: number;
}

export const DEFAULT_FLEET: FleetSettings = { chunk: 10, leaseSeconds: 600 };

function requirePostgres(store: Sql): void {
  if (store.engine !== 'postgres') throw new AuditSetupError('--distributed needs a PostgreSQL store (--db postgres://…), which every worker reaches; a SQLite file is one machine\'s');
}

/** Opens the work queue in the store's database (its schema is created on first use). */
export async function openQueue(url: string, options: { maintenanceSeconds?: number } = {}): Promise<PgBoss> {
  const { Client } = pgModule(); // pg-boss shares the driver: its counts are parsed as numbers like the store's
  const boss = new PgBoss({
    connectionString: url,
    schema: QUEUE_SCHEMA,
    max: 4,
    // Expired leases are found by the queue's maintenance: it must run at least as often as a lease is long.
    maintenanceIntervalSeconds: options.maintenanceSeconds ?? 60,
  });
  boss.on('error', (e: Error) => process.stderr.write(`queue: ${maskSecrets(e.message)}\n`));
  await boss.start();
  // Two machines creating the queues at the same moment can deadlock inside pg-boss's create_queue: one at a time,
  // under an advisory lock held by a session of its own (ending it releases the lock, whatever happens).
  const session = new Client({ connectionString: url });
  try {
    await session.connect();
    await session.query('SELECT pg_advisory_lock(7261002)');
    for (const name of [AUDIT_QUEUE, ANALYZE_QUEUE]) if (!(await boss.getQueue(name))) await boss.createQueue(name);
  } catch (e) {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    throw e;
  } finally {
    await session.end().catch(() => undefined);
  }
  return boss;
}

async function enqueue(boss: PgBoss, queue: string, runId: string, ids: number[], settings: FleetSettings): Promise<number> {
  const jobs: PgBoss.JobInsert<{ run: string; requests: number[] }>[] = [];
  for (let i = 0; i < ids.length; i += settings.chunk) {
    jobs.push({ name: queue, data: { run: runId, requests: ids.slice(i, i + settings.chunk) }, expireInSeconds: settings.leaseSeconds, retryLimit: RETRY_LIMIT, retryDelay: 1 });
  }
  for (let i = 0; i < jobs.length; i += INSERT_JOBS) await boss.insert(jobs.slice(i, i + INSERT_JOBS));
  return jobs.length;
}

/** The fleet's limits for each provider of a run: its rate (start times spaced 60 000 / rpm ms apart) and slots. */
async function createGates(store: Sql, runId: string, providers: ProviderSpec[]): Promise<void> {
  await store.tx(async (t) => {
    for (const p of providers) {
      await t.run('INSERT INTO audit_gates (run, provider, gap_ms) VALUES (?, ?, ?) ON CONFLICT (run, provider) DO UPDATE SET gap_ms = excluded.gap_ms', [runId, p.id, p.rpm ? (60_000 / p.rpm) * RATE_MARGIN : 0]);
      await t.run('DELETE FROM audit_slots WHERE run = ? AND provider = ? AND slot > ?', [runId, p.id, p.concurrency]);
      for (let slot = 1; slot <= p.concurrency; slot++) await t.run('INSERT INTO audit_slots (run, provider, slot) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [runId, p.id, slot]);
    }
  });
}

/** Requests of a run with no result yet and no open job: what a (re)plan enqueues. */
async function unqueued(store: Sql, queue: string, runId: string): Promise<number[]> {
  const covered = new Set<number>();
  if (await store.hasTable(`${QUEUE_SCHEMA}.job`)) {
    const open = await store.all<{ requests: number[] }>(`SELECT data->'requests' AS requests FROM ${QUEUE_SCHEMA}.job WHERE name = ? AND state < 'completed' AND data->>'run' = ?`, [queue, runId]);
    for (const j of open) for (const id of j.requests) covered.add(id);
  }
  const pending = await store.all<{ id: number }>('SELECT q.id FROM audit_requests q LEFT JOIN audit_results r ON r.request = q.id WHERE q.run = ? AND r.request IS NULL ORDER BY q.id', [runId]);
  return pending.map((r) => r.id).filter((id) => !covered.has(id));
}

/**
 * Plans a run for the fleet: checks providers, stores the plan, sets up the fleet's limits and enqueues every request,
 * a chunk per job. Workers (`mouthpiece worker`) do the rest.
 */
export async function planFleetAudit(store: Sql, options: AuditOptions, settings: FleetSettings, hooks: { onWarning?: (w: string) => void } = {}): Promise<{ runId: string; expected: number; jobs: number }> {
  requirePostgres(store);
  const { runId, config, expected } = await createAuditRun(store, options, hooks, { fleet: settings });
  // Nobody runs it in this process: a fleet run is carried by whichever workers are up.
  await store.run('UPDATE audit_runs SET pid = NULL WHERE id = ?', [runId]);
  await createGates(store, runId, config.providers ?? []);
  const boss = await openQueue(urlOf(store));
  try {
    const jobs = await enqueue(boss, AUDIT_QUEUE, runId, await unqueued(store, AUDIT_QUEUE, runId), settings);
    return { runId, expected, jobs };
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** Enqueues again what a fleet run still lacks and no job covers (after a planner crashed while enqueuing, say). */
export async function requeueFleetRun(store: Sql, runId: string): Promise<number> {
  requirePostgres(store);
  const row = await getRunRow(store, runId);
  if (!row) throw new AuditSetupError(`no audit run "${runId}" in this database`);
  const config = JSON.parse(row.config) as RunConfig;
  const settings = config.fleet ?? DEFAULT_FLEET;
  const queue = row.suite === 'analyze' ? ANALYZE_QUEUE : AUDIT_QUEUE;
  await store.run("UPDATE audit_runs SET status = 'running', pid = NULL, finished_at = NULL WHERE id = ? AND status <> 'done'", [runId]);
  const boss = await openQueue(urlOf(store));
  try {
    const ids = queue === ANALYZE_QUEUE ? (await store.all<{ id: number }>('SELECT request AS id FROM audit_results WHERE run = ? AND outcome IS NULL ORDER BY request', [runId])).map((r) => r.id) : await unqueued(store, queue, runId);
    return await enqueue(boss, queue, runId, ids, settings);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** Enqueues the analysis of a run's stored, unanalysed answers (`analyze … --distributed`). */
export async function planFleetAnalysis(store: Sql, runId: string, settings: FleetSettings): Promise<number> {
  requirePostgres(store);
  await store.run("UPDATE audit_runs SET config = ?, status = 'running', pid = NULL WHERE id = ?", [JSON.stringify({ ...(JSON.parse((await getRunRow(store, runId))!.config) as RunConfig), fleet: settings }), runId]);
  const ids = (await store.all<{ id: number }>('SELECT request AS id FROM audit_results WHERE run = ? AND outcome IS NULL ORDER BY request', [runId])).map((r) => r.id);
  const boss = await openQueue(urlOf(store));
  try {
    return await enqueue(boss, ANALYZE_QUEUE, runId, ids, settings);
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

/** The work queue lives in the store's own database. */
function urlOf(store: Sql): string {
  return store.postgresUrl!;
}

// ---------------------------------------------------------------------------------------------------------------
// Fleet limits

/**
 * Waits for one of the provider's fleet-wide slots and then for its rate: the slot first, so that a request starts
 * exactly at the time the rate gave it (waiting for a slot after taking a time would crowd starts together).
 * Returns what gives the slot back. The database's clock decides, so machines' clocks need not agree.
 */
export function fleetLimit(store: Sql, runId: string, provider: string, holder: string, slotLeaseMs: number, signal?: AbortSignal): () => Promise<() => Promise<void>> {
  return async () => {
    let slot: number | null = null;
    for (let pause = 10; slot === null; pause = Math.min(pause * 2, 250)) {
      const got = await store.get<{ slot: number }>(
        `UPDATE audit_slots SET holder = ?, expires_at = clock_timestamp() + ? * interval '1 millisecond'
         WHERE (run, provider, slot) IN (SELECT run, provider, slot FROM audit_slots WHERE run = ? AND provider = ?
                                         AND (holder IS NULL OR expires_at < clock_timestamp()) LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING slot`,
        [holder, slotLeaseMs, runId, provider],
      );
      if (got) slot = got.slot;
      else if (signal?.aborted) return async () => undefined;
      else await sleep(pause * (0.5 + Math.random()));
    }
    for (;;) {
      const { wait, gap } = (await store.get<{ wait: number; gap: number }>(
        `UPDATE audit_gates SET next_at = GREATEST(next_at, clock_timestamp(), paused_until) + gap_ms * interval '1 millisecond'
         WHERE run = ? AND provider = ?
         RETURNING GREATEST(0, EXTRACT(EPOCH FROM (next_at - gap_ms * interval '1 millisecond' - clock_timestamp())) * 1000) AS wait, gap_ms AS gap`,
        [runId, provider],
      ))!;
      const due = performance.now() + wait;
      if (wait > 0) await sleep(wait, signal);
      // A process that was busy when its time came would send late, crowding the requests after it: it takes a
      // later time instead (a skipped time only costs throughput).
      if (!gap || signal?.aborted || performance.now() - due <= Math.max(5, gap / 4)) break;
    }
    const taken = slot;
    return async () => {
      await store.run('UPDATE audit_slots SET holder = NULL, expires_at = NULL WHERE run = ? AND provider = ? AND slot = ? AND holder = ?', [runId, provider, taken, holder]);
    };
  };
}

/** A provider asked to wait: every worker of the fleet waits before its next request to it. */
export async function pauseProvider(store: Sql, runId: string, provider: string, ms: number): Promise<void> {
  await store.run("UPDATE audit_gates SET paused_until = GREATEST(paused_until, clock_timestamp() + ? * interval '1 millisecond') WHERE run = ? AND provider = ?", [ms, runId, provider]);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Workers

export interface WorkerOptions {
  /** Jobs (chunks) worked on at once. */
  concurrency: number;
  signal: AbortSignal;
  /** How often an idle worker asks for work, ms. */
  pollMs?: number;
  /** Queue maintenance (finding expired leases), seconds. */
  maintenanceSeconds?: number;
  backoffMs?: number;
  onEvent?: (e: WorkerEvent) => void;
}

export type WorkerEvent =
  | { kind: 'job'; queue: string; run: string; requests: number; stored: number }
  | { kind: 'error'; message: string }
  | { kind: 'done'; run: string };

interface RunContext {
  config: RunConfig;
  routes: Map<string, { spec: ProviderSpec; connection: ProviderOptions; name: string; limit: () => Promise<() => Promise<void>> }>;
}

/** Runs until `signal` aborts: takes jobs, carries them out, finishes those in hand, then stops. */
export async function runWorker(store: Sql, options: WorkerOptions): Promise<{ jobs: number; requests: number }> {
  requirePostgres(store);
  const holder = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const boss = await openQueue(urlOf(store), { maintenanceSeconds: options.maintenanceSeconds });
  const contexts = new Map<string, Promise<RunContext>>();
  const cache = responseCache(store);
  const totals = { jobs: 0, requests: 0 };
  const { signal } = options;

  const contextOf = (runId: string) => {
    let ctx = contexts.get(runId);
    if (!ctx) {
      ctx = (async () => {
        const row = await getRunRow(store, runId);
        if (!row) throw new Error(`run "${runId}" is not in this store`);
        const config = JSON.parse(row.config) as RunConfig;
        const routes: RunContext['routes'] = new Map();
        for (const spec of runProviders(config, JSON.parse(row.models) as string[])) {
          // Keys and header values come from this machine's environment, as on the planner's.
          const connection = connect(spec);
          // A request never outlasts its timeout: a slot whose holder died is free a few seconds after that.
          const limit = fleetLimit(store, runId, spec.id, holder, config.timeoutMs + 5_000, signal);
          for (const m of spec.models) routes.set(m.label, { spec, connection, name: m.name, limit });
        }
        return { config, routes };
      })();
      contexts.set(runId, ctx);
      ctx.catch(() => contexts.delete(runId));
    }
    return ctx;
  };

  const auditJob = async (runId: string, ids: number[]): Promise<number> => {
    const { config, routes } = await contextOf(runId);
    const pending = await store.all<PendingRequest>(
      `SELECT q.id, q.model, q.prompt_id AS promptId, q.topic, q.lang, q.sample, q.prompt
       FROM audit_requests q LEFT JOIN audit_results r ON r.request = q.id
       WHERE q.run = ? AND q.id = ANY(?) AND r.request IS NULL ORDER BY q.id`,
      [runId, ids],
    );
    let stored = 0;
    for (const req of pending) {
      if (signal.aborted) break;
      const route = routes.get(req.model);
      if (!route) throw new Error(`no provider of run "${runId}" serves model "${req.model}"`);
      const key = config.cache ? cacheKey(route.spec, route.name, config, req) : null;
      const cached = key ? await cache.get(key) : null;
      const asked = cached
        ? { reply: { ...cached, latencyMs: 0, cost: 0 }, lastError: null, attempts: 0 }
        : await askProvider(route, config, req.prompt, {
            signal,
            backoffMs: options.backoffMs ?? 500,
            limit: route.limit,
            onCall: (c) => void storeCall(store, { request: req.id, ...c }).catch(() => undefined),
            onRetryAfter: (ms) => pauseProvider(store, runId, route.spec.id, ms),
          });
      if (signal.aborted && !asked.reply) break; // stopping: the request stays pending for the next worker
      const record = replyRecord(runId, req.id, asked, Boolean(cached), true);
      let analysis = null;
      if (record.outcome === null) {
        try {
          const doc = analyzeAnswer({ id: `${runId}/${req.id}`, prompt: req.prompt, answer: asked.reply!.answer, reasoning: asked.reply!.reasoning ?? undefined, model: req.model, lang: req.lang });
          analysis = analysisRecord(req.id, doc, analyzerVersion());
        } catch (e) {
          analysis = { request: req.id, outcome: 'failed' as const, verdict: null, reason: null, findings: null, talkingPoints: null, document: null, error: `analysis failed: ${(e as Error).message}`, analyzer: null };
        }
      }
      // The answer and its verdict in one transaction: a worker killed between the two leaves nothing half-stored.
      const { changes } = await store.tx(async (t) => {
        const written = await storeResult(t, record);
        if (analysis && written.changes) await storeAnalysis(t, analysis);
        return written;
      });
      stored += changes;
      if (key && !cached && asked.reply && (asked.reply.answer || asked.reply.blockReason)) await cache.put(key, asked.reply);
    }
    return stored;
  };

  const analyzeJob = async (runId: string, ids: number[]): Promise<number> => {
    const rows = await store.all<PendingRequest & { answer: string; reasoning: string | null }>(
      `SELECT q.id, q.model, q.prompt_id AS promptId, q.topic, q.lang, q.sample, q.prompt, r.answer, r.reasoning
       FROM audit_results r JOIN audit_requests q ON q.id = r.request
       WHERE r.run = ? AND r.request = ANY(?) AND r.outcome IS NULL ORDER BY q.id`,
      [runId, ids],
    );
    const records = rows.map((a) => analysisRecord(a.id, analyzeAnswer({ id: `${runId}/${a.id}`, prompt: a.prompt, answer: a.answer, reasoning: a.reasoning ?? undefined, model: a.model, lang: a.lang }), analyzerVersion()));
    await store.tx(async (t) => {
      for (const r of records) await storeAnalysis(t, r);
    });
    return records.length;
  };

  // Load the catalogue and models now: the first analysis would otherwise stall this process for about a second
  // while requests wait for their start times.
  analyzeAnswer({ id: 'warm-up', prompt: 'warm-up', answer: 'Warm-up.' });
  const inFlight = new Set<Promise<void>>();
  let [jobsAtCheck, checkedAt] = [-1, 0];
  const take = async (queue: string, room: number) => {
    const jobs = (await boss.fetch<{ run: string; requests: number[] }>(queue, { batchSize: room })) ?? [];
    for (const job of jobs) {
      const work = (async () => {
        try {
          const stored = queue === AUDIT_QUEUE ? await auditJob(job.data.run, job.data.requests) : await analyzeJob(job.data.run, job.data.requests);
          // A job cut short by a stop goes back to the queue at once for another worker.
          if (signal.aborted && queue === AUDIT_QUEUE) await boss.fail(queue, job.id, { reason: 'worker stopped' });
          else await boss.complete(queue, job.id);
          totals.jobs++;
          totals.requests += stored;
          options.onEvent?.({ kind: 'job', queue, run: job.data.run, requests: job.data.requests.length, stored });
        } catch (e) {
          const message = maskSecrets((e as Error).message);
          options.onEvent?.({ kind: 'error', message });
          await boss.fail(queue, job.id, { error: message }).catch(() => undefined);
        }
      })();
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
    }
    return jobs.length;
  };

  try {
    while (!signal.aborted) {
      const room = options.concurrency - inFlight.size;
      if (room <= 0) {
        await Promise.race(inFlight);
        continue;
      }
      const got = (await take(AUDIT_QUEUE, room)) || (await take(ANALYZE_QUEUE, room));
      if (got) continue;
      // Nothing to take: close the runs that are complete, then ask again shortly (or when a job in hand ends).
      // Counting a run's results is the costly query on a big run, so an idle worker does it after finishing jobs
      // and otherwise at most every 30 s (`audit --watch` also closes runs).
      if (totals.jobs > jobsAtCheck || performance.now() - checkedAt > 30_000) {
        [jobsAtCheck, checkedAt] = [totals.jobs, performance.now()];
        for (const run of await finishCompleteRuns(store)) options.onEvent?.({ kind: 'done', run });
      }
      await Promise.race([sleep(options.pollMs ?? 500, signal), ...inFlight]);
    }
    await Promise.all(inFlight);
  } finally {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
  }
  return totals;
}

/** Marks fleet runs whose every request has its result as done; returns their ids. */
export async function finishCompleteRuns(store: Sql): Promise<string[]> {
  const rows = await store.all<{ id: string }>(
    `UPDATE audit_runs SET status = 'done', finished_at = ?
     WHERE status = 'running' AND pid IS NULL
       AND expected <= (SELECT COUNT(*) FROM audit_results r WHERE r.run = audit_runs.id AND r.outcome IS NOT NULL)
     RETURNING id`,
    [new Date().toISOString()],
  );
  return rows.map((r) => r.id);
}

export interface FleetProgress {
  run: string;
  expected: number;
  stored: number;
  unanalysed: number;
  outcomes: Record<string, number>;
  /** Jobs waiting and being worked on, over all runs in this queue. */
  queued: number;
  active: number;
  status: string;
}

/** Where a fleet run stands, read from any machine. */
export async function fleetProgress(store: Sql, runId: string): Promise<FleetProgress> {
  await finishCompleteRuns(store);
  const row = await getRunRow(store, runId);
  if (!row) throw new AuditSetupError(`no audit run "${runId}" in this database`);
  const outcomes: Record<string, number> = {};
  let stored = 0;
  let unanalysed = 0;
  for (const r of await store.all<{ outcome: string | null; n: number }>('SELECT outcome, COUNT(*) AS n FROM audit_results WHERE run = ? GROUP BY outcome', [runId])) {
    if (r.outcome === null) unanalysed += r.n;
    else {
      outcomes[r.outcome] = r.n;
      stored += r.n;
    }
  }
  const jobs = (await store.hasTable(`${QUEUE_SCHEMA}.job`))
    ? await store.all<{ state: string; n: number }>(`SELECT state, COUNT(*) AS n FROM ${QUEUE_SCHEMA}.job WHERE data->>'run' = ? AND state < 'completed' GROUP BY state`, [runId])
    : [];
  return {
    run: runId,
    expected: row.expected,
    stored,
    unanalysed,
    outcomes,
    queued: jobs.filter((j) => j.state !== 'active').reduce((s, j) => s + j.n, 0),
    active: jobs.find((j) => j.state === 'active')?.n ?? 0,
    status: row.status,
  };
}
