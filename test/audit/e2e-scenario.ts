// The acceptance scenario, shared by the e2e tests: the audit CLI against the real mock-provider HTTP server,
// killed with SIGKILL mid-run and resumed; the final counts must be exact.
import { join } from 'node:path';
import { expect } from 'vitest';
import { openAuditStore, OUTCOMES } from '../../src/audit/store.js';
import { loadSuite } from '../../src/audit/suite.js';
import { isBlocked, loadScripts } from '../../src/audit/scripts.js';
import { startMockProvider } from '../../src/audit/mock-provider.js';
import { killGroup, lastLine, runCli, spawnCli, tempDir } from './helpers.js';

export interface E2EOptions {
  suiteFile: string;
  models: string[];
  samples: number;
  langs: string[];
  scripts: string;
}

/** Spawns the audit CLI, SIGKILLs it once a quarter of the answers are stored, resumes it, and checks the counts. */
export async function killAndResume(o: E2EOptions): Promise<void> {
  const mock = await startMockProvider({
    scriptsDir: o.scripts,
    latencyMs: 2,
    faults: '429:0.03,500:0.03,drop:0.01,malformed:0.01,truncate:0.01,timeout:0.005',
    retryAfterMs: 50,
    seed: 2026,
  });
  try {
    const dir = tempDir();
    const db = join(dir, 'audit.db');
    const runId = 'e2e-run';
    const suite = loadSuite(o.suiteFile);
    const expected = suite.prompts.length * o.langs.length * o.models.length * o.samples;
    const args = ['audit', '--suite', o.suiteFile, '--base-url', mock.url, '--model', o.models.join(','), '--samples', String(o.samples), '--lang', o.langs.join(',')];
    const tuning = ['--concurrency', '32', '--timeout', '1500', '--retries', '8', '--backoff', '20', '--stream', '--temperature', '0.7'];
    const { child, done } = spawnCli([...args, ...tuning, '--run', runId, '--db', db]);

    const watcher = await openAuditStore(db);
    const stored = () => {
      try {
        return (watcher.sqlite!.prepare('SELECT COUNT(*) AS n FROM audit_results WHERE run = ?').get(runId) as { n: number }).n;
      } catch {
        return 0; // tables not created yet
      }
    };
    const deadline = Date.now() + 120_000;
    let exited = false;
    void done.then(() => (exited = true));
    while (!exited && stored() < expected / 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(exited, 'the audit finished before it could be killed').toBe(false);
    killGroup(child);
    const killed = await done;
    expect(killed.signal ?? killed.code).toBeTruthy();
    const before = (watcher.sqlite!.prepare('SELECT COUNT(*) AS n FROM audit_results WHERE run = ? AND outcome IS NOT NULL').get(runId) as { n: number }).n;
    expect(before).toBeLessThan(expected);
    expect((watcher.sqlite!.prepare('SELECT COUNT(*) AS n FROM audit_requests WHERE run = ?').get(runId) as { n: number }).n).toBe(expected);
    await watcher.close();
    const chatsBefore = mock.stats.chat;

    const resumed = await runCli(['audit', '--resume', runId, '--db', db]);
    expect(resumed.stderr).not.toMatch(/mouthpiece: /);
    expect(resumed.code).toBe(0);
    expect(lastLine(resumed.stdout)).toBe(runId);
    expect(mock.stats.chat - chatsBefore).toBeLessThan(expected); // it continued without starting over

    const json = await runCli(['results', runId, '--db', db, '--format', 'json']);
    const summary = JSON.parse(json.stdout) as { run: string; expected: number; results: number; byModel: Record<string, Record<string, number>> };
    expect(summary.run).toBe(runId);
    expect(summary.expected).toBe(expected);
    expect(summary.results).toBe(expected);
    for (const model of o.models) expect(Object.keys(summary.byModel[model]).sort()).toEqual([...OUTCOMES].sort());
    const total = Object.values(summary.byModel).reduce((s, c) => s + Object.values(c).reduce((a, b) => a + b, 0), 0);
    expect(total).toBe(expected);

    const store = await openAuditStore(db);
    const rows = store.sqlite!
      .prepare(`SELECT q.prompt_id AS promptId, q.lang, q.model, q.sample, q.prompt, r.outcome FROM audit_results r JOIN audit_requests q ON q.id = r.request WHERE r.run = ?`)
      .all(runId) as { promptId: string; lang: string; model: string; sample: number; prompt: string; outcome: string }[];
    expect(rows).toHaveLength(expected);
    const keys = new Set(rows.map((r) => `${r.promptId}|${r.lang}|${r.model}|${r.sample}`));
    expect(keys.size).toBe(expected);
    for (const r of rows) expect(OUTCOMES).toContain(r.outcome);
    for (const p of suite.prompts) for (const lang of o.langs) for (const model of o.models) for (let s = 1; s <= o.samples; s++) expect(keys.has(`${p.id}|${lang}|${model}|${s}`)).toBe(true);
    // The faults were really met, and retried.
    const faulted = store.sqlite!.prepare("SELECT COUNT(*) AS n FROM audit_calls WHERE http_status IN (429, 500) OR error LIKE '%timeout%' OR error LIKE '%connection%'").get() as { n: number };
    expect(faulted.n).toBeGreaterThan(0);
    // The provider's content filter is recorded as a provider block, never as a refusal.
    const filtered = loadScripts(o.scripts).find((s) => s.model === 'mock-filtered');
    if (filtered && o.models.includes('mock-filtered')) {
      const blockedRows = rows.filter((r) => r.model === 'mock-filtered' && isBlocked(filtered, r.prompt));
      expect(blockedRows.length).toBeGreaterThan(0);
      for (const r of blockedRows) expect(['provider_blocked', 'failed']).toContain(r.outcome);
      expect(blockedRows.filter((r) => r.outcome === 'provider_blocked').length).toBeGreaterThan(blockedRows.length / 2);
    }
    await store.close();
  } finally {
    await mock.close();
  }
}
