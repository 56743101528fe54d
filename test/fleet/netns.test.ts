// The fleet across separate network hosts: PostgreSQL alone in one network namespace, each worker in its own, the
// provider on the bridge between them. The namespaces' loopback stays down and every worker runs from an empty
// folder of its own, so nothing can rely on loopback or on files beside the store: only the network reaches it.
// Needs root and iproute2 (`ip netns`); skipped with the reason elsewhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, chmodSync, chownSync, mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { loadSuite } from '../../src/audit/suite.js';
import { FIXTURE_SCRIPTS, FIXTURE_SUITE, ROOT, collected, runCli, type CliResult } from '../audit/helpers.js';
import { pgBinDir } from '../../tools/pg-cluster.js';

const BIN = join(ROOT, 'bin/mouthpiece.js');

function skipReason(): string | null {
  if (userInfo().uid !== 0) return 'network namespaces need root';
  if (spawnSync('ip', ['netns', 'list']).status !== 0) return 'no working `ip netns` (install iproute2)';
  if (!pgBinDir()) return "no PostgreSQL server binaries (install Debian's postgresql package)";
  return null;
}
const SKIP = skipReason();
if (SKIP) console.warn(`network-namespace fleet test skipped: ${SKIP}`);

const tag = randomBytes(2).toString('hex');
const net = `10.${200 + (parseInt(tag, 16) % 50)}.${parseInt(tag.slice(0, 2), 16)}`;
const bridge = `mpbr${tag}`;
const hosts = [
  { ns: `mp${tag}db`, ip: `${net}.2` },
  { ns: `mp${tag}w1`, ip: `${net}.11` },
  { ns: `mp${tag}w2`, ip: `${net}.12` },
  { ns: `mp${tag}w3`, ip: `${net}.13` },
];
const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });

describe.skipIf(SKIP)('a fleet on separate network hosts', () => {
  let mock: MockProvider;
  let pgDir = '';
  const workers: { child: ChildProcess; done: Promise<CliResult> }[] = [];
  const from: string[] = [];
  const db = `postgres://mp@${hosts[0]!.ip}:5432/postgres`;

  beforeAll(async () => {
    ip('link', 'add', bridge, 'type', 'bridge');
    ip('addr', 'add', `${net}.1/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    for (const [i, h] of hosts.entries()) {
      ip('netns', 'add', h.ns);
      ip('link', 'add', `v${tag}${i}`, 'type', 'veth', 'peer', 'name', `p${tag}${i}`);
      ip('link', 'set', `p${tag}${i}`, 'netns', h.ns);
      ip('link', 'set', `v${tag}${i}`, 'master', bridge, 'up');
      ip('netns', 'exec', h.ns, 'ip', 'addr', 'add', `${h.ip}/24`, 'dev', `p${tag}${i}`);
      ip('netns', 'exec', h.ns, 'ip', 'link', 'set', `p${tag}${i}`, 'up');
    }
    // PostgreSQL in its own namespace, listening only on its address there, reachable from the subnet.
    const bin = pgBinDir()!;
    pgDir = mkdtempSync(join(tmpdir(), 'mouthpiece-netns-pg-'));
    chmodSync(pgDir, 0o755);
    chownSync(pgDir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    const data = join(pgDir, 'data');
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'mp', '-E', 'UTF8', '--locale=C.UTF-8'], { stdio: 'pipe' });
    appendFileSync(join(data, 'pg_hba.conf'), `host all all ${net}.0/24 trust\n`);
    execFileSync('ip', ['netns', 'exec', hosts[0]!.ns, 'runuser', '-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', data, '-l', join(pgDir, 'log'), '-w', '-t', '60', '-o', `-p 5432 -k ${pgDir} -c listen_addresses=${hosts[0]!.ip} -c fsync=off`, 'start'], { stdio: 'pipe' });
    mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS, host: `${net}.1`, latencyMs: 80, faults: '429:0.05,500:0.05,drop:0.03', retryAfterMs: 200, seed: 5, onChat: (_body, address) => address && from.push(address) });
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) w.child.kill('SIGKILL');
    await mock?.close();
    if (pgDir) {
      spawnSync('ip', ['netns', 'exec', hosts[0]!.ns, 'runuser', '-u', 'postgres', '--', join(pgBinDir()!, 'pg_ctl'), '-D', join(pgDir, 'data'), '-m', 'immediate', 'stop']);
      rmSync(pgDir, { recursive: true, force: true });
    }
    for (const h of hosts) spawnSync('ip', ['netns', 'del', h.ns]);
    spawnSync('ip', ['link', 'del', bridge]);
  });

  function startWorker(ns: string): { child: ChildProcess; done: Promise<CliResult> } {
    // An empty folder of its own: the worker has the store's URL and nothing else.
    const cwd = mkdtempSync(join(tmpdir(), 'mouthpiece-worker-'));
    return collected(spawn('ip', ['netns', 'exec', ns, process.execPath, BIN, 'worker', '--db', db, '--concurrency', '3', '--poll', '100', '--maintenance', '1'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOME: cwd, MOUTHPIECE_DB: '' } }));
  }

  it('ends with exactly the expected results, each worker sending from its own address, one of them killed and replaced', async () => {
    // The worker namespaces cannot reach anything on loopback: not even their own.
    expect(spawnSync('ip', ['netns', 'exec', hosts[1]!.ns, 'ip', '-brief', 'link', 'show', 'lo']).stdout.toString()).toMatch(/DOWN/);
    const samples = 6;
    const models = ['mock-echo', 'mock-refuse'];
    const expected = loadSuite(FIXTURE_SUITE).prompts.length * 2 * models.length * samples;
    const plan = await runCli(['audit', '--suite', FIXTURE_SUITE, '--base-url', mock.url, '--model', models.join(','), '--samples', String(samples), '--db', db, '--run', 'netns', '--distributed', '--chunk', '3', '--lease', '3', '--retries', '8', '--backoff', '50', '--timeout', '3000']);
    expect(plan.code, plan.stderr).toBe(0);
    for (const h of hosts.slice(1)) workers.push(startWorker(h.ns));
    const client = new pg.Client({ connectionString: db });
    await client.connect();
    const stored = async () => Number((await client.query("SELECT COUNT(*) AS n FROM audit_results WHERE run = 'netns'")).rows[0].n);
    const end = Date.now() + 120_000;
    while ((await stored()) < expected / 3 && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    // Each worker is connected to the database from its own address.
    const clients = (await client.query('SELECT DISTINCT host(client_addr) AS a FROM pg_stat_activity WHERE client_addr IS NOT NULL')).rows.map((r) => r.a as string);
    for (const h of hosts.slice(1)) expect(clients).toContain(h.ip);
    workers[0]!.child.kill('SIGKILL');
    await workers[0]!.done;
    workers.push(startWorker(hosts[1]!.ns));

    const watch = await runCli(['audit', '--watch', 'netns', '--db', db]);
    expect(watch.code, watch.stderr).toBe(0);
    const count = async (sql: string) => Number((await client.query(sql)).rows[0].n);
    expect(await count("SELECT COUNT(*) AS n FROM audit_results WHERE run = 'netns' AND outcome IS NOT NULL")).toBe(expected);
    expect(await count("SELECT COUNT(DISTINCT (q.model, q.prompt_id, q.lang, q.sample)) AS n FROM audit_results r JOIN audit_requests q ON q.id = r.request WHERE r.run = 'netns'")).toBe(expected);
    await client.end();
    // Every request reached the provider from a worker's address; none from loopback or the planner's host.
    const workerAddresses = hosts.slice(1).map((h) => h.ip);
    for (const address of new Set(from)) expect(workerAddresses).toContain(address);
    expect(new Set(from).size).toBe(3);
    for (const w of workers.slice(1)) w.child.kill('SIGTERM');
    for (const w of workers.slice(1)) expect((await w.done).code).toBe(0);
  }, 300_000);
});
