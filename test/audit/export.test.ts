// `export` writes every answer of a run as a researcher publishes it; `reanalyze` scores stored answers again
// without calling a model, and records which analysis scored what.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { analyzerVersion } from '../../src/analysis/pipeline.js';
import { FIXTURE_SCRIPTS, FIXTURE_SUITE, runCli, tempDir } from './helpers.js';

describe('export and reanalyze', () => {
  let mock: MockProvider;
  const db = join(tempDir(), 'export.db');
  beforeAll(async () => {
    mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS });
    const r = await runCli(['audit', '--suite', FIXTURE_SUITE, '--base-url', mock.url, '--model', 'mock-echo', '--model', 'mock-refuse', '--run', 'r1', '--db', db]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);
  afterAll(() => mock.close());

  it('exports one JSONL record per answer with its verdict, talking points, findings and provider outcome', async () => {
    const out = join(tempDir(), 'r1.jsonl');
    const r = await runCli(['export', 'r1', '--db', db, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const records = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const store = new Database(db, { readonly: true });
    const expected = (store.prepare("SELECT expected FROM audit_runs WHERE id = 'r1'").get() as { expected: number }).expected;
    store.close();
    expect(records).toHaveLength(expected);
    const echo = records.find((x) => x.model === 'mock-echo' && x.lang === 'en' && x.outcome === 'state_echo') as { talkingPoints: unknown[]; findings: unknown[]; provider: { httpStatus: number }; analyzer: string; prompt: string; answer: string };
    expect(echo.talkingPoints.length).toBeGreaterThan(0);
    expect(echo.findings.length).toBeGreaterThan(0);
    expect(echo.provider.httpStatus).toBe(200);
    expect(echo.analyzer).toBe(analyzerVersion());
    expect(Object.keys(records[0]!)).toEqual(['run', 'model', 'promptId', 'topic', 'style', 'lang', 'sample', 'prompt', 'answer', 'reasoning', 'outcome', 'verdict', 'reason', 'talkingPoints', 'findings', 'provider', 'analyzer']);
  }, 60_000);

  it('exports CSV that a CSV parser reads back to the same answers', async () => {
    const csv = await runCli(['export', 'latest', '--db', db, '--format', 'csv']);
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    const json = (await runCli(['export', 'r1', '--db', db])).stdout.trim().split('\n').map((l) => JSON.parse(l) as { answer: string; outcome: string });
    expect(rows.map((r) => [r.answer, r.outcome])).toEqual(json.map((j) => [j.answer, j.outcome]));
  }, 60_000);

  it('reanalyze scores the stored answers again without calling the model, and says what changed', async () => {
    // As if an older analysis had scored the echoes as informative.
    const store = new Database(db);
    const stale = store.prepare("UPDATE audit_results SET outcome = 'informative', verdict = 'informative', analyzer = 'old' WHERE outcome = 'state_echo'").run().changes;
    store.close();
    expect(stale).toBeGreaterThan(0);
    const sent = mock.stats.chat;
    const r = await runCli(['reanalyze', 'r1', '--db', db, '--threads', '0']);
    expect(r.code, r.stderr).toBe(0);
    expect(mock.stats.chat).toBe(sent);
    expect(r.stdout).toMatch(new RegExp(`${stale} changed outcome \\(informative → state_echo ${stale}\\)`));
    const after = new Database(db, { readonly: true });
    expect(after.prepare("SELECT DISTINCT analyzer FROM audit_results WHERE run = 'r1' AND answer IS NOT NULL AND outcome != 'provider_blocked'").all()).toEqual([{ analyzer: analyzerVersion() }]);
    expect((after.prepare("SELECT status FROM audit_runs WHERE id = 'r1'").get() as { status: string }).status).toBe('done');
    after.close();
  }, 60_000);

  it('an unknown run: exit 2 and a pointer to `runs`', async () => {
    for (const cmd of ['export', 'reanalyze']) {
      const r = await runCli([cmd, 'nothing', '--db', db]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no audit run "nothing".*mouthpiece runs lists them/);
    }
  }, 60_000);
});
