// An answer with nothing in it — empty, blank, null, not text, only a reasoning trace — is recorded as "no answer":
// no verdict, a warning, counted apart, never a clean `informative`; however it arrives.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../src/analysis/pipeline.js';
import { analyze } from '../../src/index.js';
import { isNoAnswer, isNotJudged, NO_ANSWER_REASON } from '../../src/analysis/languages.js';
import { readDocuments } from '../../src/readers/index.js';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-empty-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readOne(name: string, content: string) {
  const path = join(dir, name);
  writeFileSync(path, content);
  const out = [];
  for await (const r of readDocuments(path, { boilerplate: [] })) {
    if ('error' in r) throw new Error(r.error);
    out.push(analyzeDocument(r.doc));
  }
  return out;
}

const EMPTY_INPUTS: [string, string, string][] = [
  ['JSONL, empty string', 'a.jsonl', '{"id":"a","prompt":"新疆发生了什么？","answer":""}\n'],
  ['JSONL, white space', 'b.jsonl', '{"id":"b","prompt":"What happened?","answer":" \\n\\t "}\n'],
  ['JSONL, null', 'c.jsonl', '{"id":"c","prompt":"What happened?","answer":null}\n'],
  ['JSONL, an object', 'd.jsonl', '{"id":"d","prompt":"What happened?","answer":{"text":1}}\n'],
  ['JSONL, a number in `response`', 'e.jsonl', '{"id":"e","question":"What happened?","response":42}\n'],
  ['chat JSON, content null', 'f.json', JSON.stringify({ messages: [{ role: 'user', content: '西藏怎么样？' }, { role: 'assistant', content: null }] })],
  ['completion, content null', 'g.json', JSON.stringify({ choices: [{ message: { role: 'assistant', content: null }, finish_reason: 'stop' }] })],
  ['promptfoo, output null', 'h.json', JSON.stringify({ results: { results: [{ prompt: { raw: 'Q?' }, response: { output: null }, vars: {} }] } })],
  ['only a reasoning trace', 'i.jsonl', '{"id":"i","prompt":"What happened?","answer":"<think>The user asks about Xinjiang.</think>"}\n'],
  ['only punctuation', 'j.jsonl', '{"id":"j","prompt":"发生了什么？","answer":"。。。"}\n'],
];

describe('empty answers', () => {
  for (const [name, file, content] of EMPTY_INPUTS) {
    it(`${name}: no answer, no verdict, a warning`, async () => {
      const [doc] = await readOne(file, content);
      expect(doc.verdict).toBeNull();
      expect(doc.reason).toBe(NO_ANSWER_REASON);
      expect(isNoAnswer(doc)).toBe(true);
      expect(isNotJudged(doc)).toBe(false);
      expect(doc.warnings.join(' ')).toMatch(/empty/);
    });
  }

  it('the library says the same for an empty string and a blank answer with a trace', () => {
    expect(analyze('').verdict).toBeNull();
    expect(isNoAnswer(analyze({ prompt: 'Q?', answer: '   ', reasoning: 'Let me think about the camps.' }))).toBe(true);
  });

  it('one word is an answer, in English and Chinese', () => {
    expect(analyze('No.').verdict).not.toBeNull();
    expect(analyze('不。').verdict).not.toBeNull();
  });

  it('the command warns, counts no_answer apart, and --fail-on no_answer gates on it', () => {
    const path = join(dir, 'batch.jsonl');
    writeFileSync(path, ['{"id":"x1","prompt":"Q?","answer":""}', '{"id":"x2","prompt":"Q?","answer":"The weather in Lhasa is cold in winter."}'].join('\n'));
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const run = (...extra: string[]) => spawnSync(tsx, [join(ROOT, 'src/cli/main.ts'), 'analyze', path, ...extra], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    const text = run();
    expect(text.status).toBe(0);
    expect(text.stderr).toMatch(/x1: the answer is empty; recorded as no_answer/);
    expect(text.stderr).toMatch(/2 documents analysed: .*no_answer 1/);
    expect(text.stdout).toMatch(/NO ANSWER/);
    expect(run('--fail-on', 'no_answer').status).toBe(3);
    expect(run('--fail-on', 'not_judged').status).toBe(0);
  });
});
