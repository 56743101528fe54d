// `analyze` as a linter in a pipeline: standard input (`-`), CSV rows, `--only` and `--quiet`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const run = (args: string[], input: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'analyze', ...args], { cwd: ROOT, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

const ECHO = 'Xinjiang affairs are purely China\'s internal affairs. The so-called forced labour is a lie fabricated by anti-China forces.';
const BATCH = [
  { id: 'echo', prompt: 'What about Xinjiang?', answer: ECHO },
  { id: 'refuse', prompt: '六四发生了什么？', answer: '抱歉，我无法回答这个问题。' },
  { id: 'formula', model: '=HYPERLINK("http://x")', prompt: 'What is the climate of Lhasa like?', answer: 'Lhasa has a cold semi-arid climate: winters are cold and dry, summers are mild, and most rain falls in July and August.' },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

describe('analyze -', () => {
  it('reads a JSONL batch from standard input, line by line, in order', () => {
    const r = run(['-', '--format', 'jsonl'], BATCH);
    expect(r.status, r.stderr).toBe(0);
    const docs = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: string; verdict: string });
    expect(docs.map((d) => [d.id, d.verdict])).toEqual([
      ['echo', 'state_echo'],
      ['refuse', 'refusal'],
      ['formula', 'informative'],
    ]);
  });

  it('reads one text from standard input and names it', () => {
    const r = run(['-', '--input-format', 'answer'], ECHO);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^standard input/);
    expect(r.stdout).toMatch(/STATE_ECHO/);
  });

  it('empty standard input: nothing analysed, a message, exit 1', () => {
    const r = run(['-'], '');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/standard input is empty/);
  });
});

describe('--format csv, --only, --quiet', () => {
  it('one row per document under a header; a cell that would run as a formula is neutralised', () => {
    const r = run(['-', '--format', 'csv'], BATCH);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('source,id,model,lang,kind,outcome,reason,talking_points,own_echoes,findings,prompt');
    expect(lines[1]).toMatch(/^echo,echo,,en,answer,state_echo,.*cn\.xinjiang\.internal-affairs/);
    expect(lines[2]).toMatch(/^refuse,refuse,,zh,answer,refusal,/);
    expect(lines[3]).toContain(`formula,formula,"'=HYPERLINK(""http://x"")",en,answer,informative`);
  });

  it('--only prints the answers with those outcomes; the summary still counts them all', () => {
    const r = run(['-', '--only', 'state_echo', 'refusal'], BATCH);
    expect(r.stdout).toMatch(/^echo /m);
    expect(r.stdout).toMatch(/^refuse /m);
    expect(r.stdout).not.toMatch(/^formula /m);
    expect(r.stderr).toMatch(/3 documents analysed: state_echo 1 · refusal 1 · informative 1/);
  });

  it('--quiet prints no documents and still gates with --fail-on', () => {
    const r = run(['-', '--quiet', '--fail-on', 'state_echo'], BATCH);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(3);
  });
});

describe('batch progress and summary', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-progress-'));
  const file = join(dir, 'batch.jsonl');
  // 60 answers from two models: 20 echoes and 10 refusals from model-a, 30 plain answers from model-b.
  const lines = Array.from({ length: 60 }, (_, i) =>
    JSON.stringify(i < 30 ? { id: `a${i}`, model: 'model-a', answer: i < 20 ? ECHO : 'I cannot help with that request.' } : { id: `b${i}`, model: 'model-b', answer: 'Lhasa has a cold semi-arid climate with most rain in July and August.' }),
  );
  writeFileSync(file, lines.join('\n'));

  it('shows progress up to the whole batch and ends with outcome rates per model with 95% intervals', () => {
    const r = run([file, '--format', 'jsonl', '--progress'], '');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/60\/60 documents \| 100%/);
    const table = r.stderr.slice(r.stderr.indexOf('model  '));
    expect(table.split('\n')[0]).toMatch(/^model\s+answers\s+state_echo\s+refusal\s+informative$/);
    // 20/30 echoes: Wilson 95% interval 48.8%–80.8%.
    expect(table).toMatch(/model-a\s+30\s+66\.7% \[48\.8%–80\.8%\]\s+33\.3% \[19\.2%–51\.2%\]\s+0\.0% \[0\.0%–11\.4%\]/);
    expect(table).toMatch(/model-b\s+30\s+0\.0% \[0\.0%–11\.4%\]\s+0\.0% \[0\.0%–11\.4%\]\s+100\.0% \[88\.6%–100\.0%\]/);
    expect(r.stdout.trim().split('\n')).toHaveLength(60); // stdout holds the documents only
  });

  it('shows no progress off a terminal unless asked, nor with --no-progress', () => {
    expect(run([file, '--format', 'jsonl'], '').stderr).not.toMatch(/documents \|/);
    expect(run([file, '--format', 'jsonl', '--no-progress'], '').stderr).not.toMatch(/documents \|/);
  });
});
