// Every input format, and bad input that must give a clear message without losing the rest.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knowledgeFor } from '../../src/analysis/pipeline.js';
import { compilePatterns } from '../../src/analysis/context.js';
import { readDocuments, type ReadResult } from '../../src/readers/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const boilerplate = (knowledgeFor().knowledge.lexicons.boilerplate ?? []).map(compilePatterns);

async function read(name: string, content: string | Buffer, inputFormat?: 'auto' | 'answer'): Promise<ReadResult[]> {
  const path = join(dir, name);
  writeFileSync(path, content);
  const out: ReadResult[] = [];
  for await (const r of readDocuments(path, { boilerplate, inputFormat, maxBytes: 1024 * 1024 })) out.push(r);
  return out;
}
const docs = (rs: ReadResult[]) => rs.flatMap((r) => ('doc' in r ? [r.doc] : []));
const errors = (rs: ReadResult[]) => rs.flatMap((r) => ('error' in r ? [r.error] : []));

describe('input formats', () => {
  it('reads an OpenAI chat with messages and reasoning_content, keeping the trace apart', async () => {
    const rs = await read('chat.json', JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'Q?' }, { role: 'assistant', content: 'The answer.', reasoning_content: 'I think.' }] }));
    const [d] = docs(rs);
    expect(d.prompt).toBe('Q?');
    expect(d.model).toBe('m');
    expect(d.parts.map((p) => [p.kind, d.text.slice(p.start, p.end)])).toEqual([['answer', 'The answer.'], ['reasoning', 'I think.']]);
  });
  it('reads a chat-completion response', async () => {
    const [d] = docs(await read('resp.json', JSON.stringify({ model: 'x', choices: [{ message: { role: 'assistant', content: '<think>hidden</think>Shown.' } }] })));
    expect(d.parts.filter((p) => p.kind === 'reasoning').map((p) => d.text.slice(p.start, p.end))).toEqual(['hidden']);
    expect(d.parts.filter((p) => p.kind === 'answer').map((p) => d.text.slice(p.start, p.end)).join('')).toBe('Shown.');
  });
  it('reads promptfoo outputs', async () => {
    const out = { results: { results: [{ prompt: { raw: 'Tell me about Tibet' }, response: { output: 'Tibet is a region.' }, provider: { id: 'openai:gpt' } }] } };
    const [d] = docs(await read('promptfoo.json', JSON.stringify(out)));
    expect([d.prompt, d.text, d.model]).toEqual(['Tell me about Tibet', 'Tibet is a region.', 'openai:gpt']);
  });
  it('reads SpeechMap-style JSONL (question / answer / model)', async () => {
    const [d] = docs(await read('sm.jsonl', `${JSON.stringify({ id: 'a/b/c', question: 'Q', answer: 'A.', model: 'm', judge_label: 'COMPLETE' })}\n`));
    expect([d.id, d.prompt, d.text]).toEqual(['a/b/c', 'Q', 'A.']);
  });
  it('reads HTML articles without markup, scripts or navigation', async () => {
    const [d] = docs(await read('page.html', '<html><head><title>T</title><script>var x = "<p>no</p>";</script></head><body><nav>Home | News</nav><p>Officials said the camps were schools.</p><p>Researchers disagree.</p></body></html>'));
    expect(d.kind).toBe('article');
    expect(d.text).toBe('Officials said the camps were schools.\n\nResearchers disagree.');
  });
  it('reads a plain answer when told to', async () => {
    const [d] = docs(await read('answer.txt', 'Just an answer.', 'answer'));
    expect(d.kind).toBe('answer');
  });
  it('decodes UTF-16 with a byte-order mark', async () => {
    const [d] = docs(await read('u16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('新疆的新闻。', 'utf16le')])));
    expect(d.text).toBe('新疆的新闻。');
  });
});

// Reasoning that only closes its tag (DeepSeek-R1 exports start straight with the trace): everything
// before a lone leading </think> is reasoning, in every reader that splits reasoning from the answer.
// Kimi's thinking models mark their trace ◁think▷…◁/think▷ instead, read the same way.
describe('reasoning that closes with </think> without opening it, and ◁think▷ traces', () => {
  const partsOf = (d: { text: string; parts: { kind: string; start: number; end: number }[] }, kind: string) =>
    d.parts.filter((p) => p.kind === kind).map((p) => d.text.slice(p.start, p.end).trim());
  const cases: { name: string; file: string; content: string; reasoning: string[]; answer: string }[] = [
    {
      name: 'en JSONL answer field',
      file: 'r1.jsonl',
      content: `${JSON.stringify({ id: '1', prompt: 'What happened in 1989?', answer: 'The army killed hundreds of protesters.\n</think>\n\nThere were no significant events.' })}\n`,
      reasoning: ['The army killed hundreds of protesters.'],
      answer: 'There were no significant events.',
    },
    {
      name: 'zh chat-completion response',
      file: 'r1-zh.json',
      content: JSON.stringify({ model: 'deepseek-r1', choices: [{ message: { role: 'assistant', content: '用户问六四。军队向抗议者开枪。</think>没有发生什么特别的事件。' } }] }),
      reasoning: ['用户问六四。军队向抗议者开枪。'],
      answer: '没有发生什么特别的事件。',
    },
    {
      name: 'en markdown transcript',
      file: 'r1.md',
      content: '**User:** What happened in 1989?\n\n**Assistant:** Troops fired on the crowds.</think>\nNothing happened.\n',
      reasoning: ['Troops fired on the crowds.'],
      answer: 'Nothing happened.',
    },
    {
      name: 'zh markdown transcript',
      file: 'r1-zh.md',
      content: '**用户：** 六四发生了什么？\n\n**助手：** 军队开枪镇压了示威者。</think>\n什么都没有发生。\n',
      reasoning: ['军队开枪镇压了示威者。'],
      answer: '什么都没有发生。',
    },
    {
      name: 'a closing tag after an opening one is an ordinary block',
      file: 'both.jsonl',
      content: `${JSON.stringify({ id: '2', answer: 'Intro. <think>hidden</think> Shown.' })}\n`,
      reasoning: ['hidden'],
      answer: 'Intro.  Shown.',
    },
    {
      name: 'an empty trace before </think> leaves no reasoning part',
      file: 'empty.jsonl',
      content: `${JSON.stringify({ id: '3', answer: '</think>\n\nThe answer.' })}\n`,
      reasoning: [],
      answer: 'The answer.',
    },
    {
      name: "Kimi's ◁think▷…◁/think▷ block, en",
      file: 'kimi.jsonl',
      content: `${JSON.stringify({ id: '5', prompt: 'Criticise the policy.', answer: '◁think▷Okay, the user wants criticism. I should stay neutral.◁/think▷The policy failed on three counts.' })}\n`,
      reasoning: ['Okay, the user wants criticism. I should stay neutral.'],
      answer: 'The policy failed on three counts.',
    },
    {
      name: "Kimi's ◁think▷ block, zh chat-completion response",
      file: 'kimi-zh.json',
      content: JSON.stringify({ model: 'kimi-vl-a3b-thinking', choices: [{ message: { role: 'assistant', content: '◁think▷用户问新疆。应当遵循官方立场。◁/think▷新疆的拘留营关押了大量维吾尔人。' } }] }),
      reasoning: ['用户问新疆。应当遵循官方立场。'],
      answer: '新疆的拘留营关押了大量维吾尔人。',
    },
    {
      name: 'a ◁think▷ block never closed runs to the end (a trace cut off: no answer)',
      file: 'kimi-cut.jsonl',
      content: `${JSON.stringify({ id: '6', answer: '◁think▷Okay, let me recall what I know about the pipelines' })}\n`,
      reasoning: ['Okay, let me recall what I know about the pipelines'],
      answer: '',
    },
    {
      name: 'a lone ◁/think▷ closes a trace that opened before the export',
      file: 'kimi-lone.jsonl',
      content: `${JSON.stringify({ id: '7', answer: 'The user asks about 1989.◁/think▷Troops fired on the protesters.' })}\n`,
      reasoning: ['The user asks about 1989.'],
      answer: 'Troops fired on the protesters.',
    },
    {
      name: '◁/think▷ does not close a <think> block',
      file: 'mixed.jsonl',
      content: `${JSON.stringify({ id: '8', answer: '<think>plan ◁/think▷ more</think>Shown.' })}\n`,
      reasoning: ['plan ◁/think▷ more'],
      answer: 'Shown.',
    },
    {
      name: 'an answer without tags is all answer',
      file: 'plain.jsonl',
      content: `${JSON.stringify({ id: '4', answer: '1989年6月4日，军队开枪。' })}\n`,
      reasoning: [],
      answer: '1989年6月4日，军队开枪。',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const [d] = docs(await read(c.file, c.content));
      expect(partsOf(d, 'reasoning')).toEqual(c.reasoning);
      expect(partsOf(d, 'answer').join(' ').replace(/\s+/g, ' ')).toBe(c.answer.replace(/\s+/g, ' '));
    });
  }
});

describe('bad input', () => {
  it('refuses binary files', async () => {
    expect(errors(await read('bin.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x01])))[0]).toMatch(/binary/);
  });
  it('refuses empty and blank files', async () => {
    expect(errors(await read('empty.txt', ''))[0]).toMatch(/empty/);
    expect(errors(await read('blank.txt', '  \n\n '))[0]).toMatch(/white space/);
  });
  it('refuses invalid UTF-8 and says how to convert', async () => {
    const e = errors(await read('gbk.txt', Buffer.from([0x68, 0x69, 0xd6, 0xd0, 0xce, 0xc4, 0xff, 0xfe, 0x41])))[0];
    expect(e).toMatch(/not valid UTF-8.*iconv/);
  });
  it('refuses files over the size limit with what to do instead', async () => {
    expect(errors(await read('big.txt', 'a'.repeat(1024 * 1024 + 10)))[0]).toMatch(/over the 1 MB limit.*JSONL/);
  });
  it('reports malformed JSONL lines by number and analyses the rest', async () => {
    const lines = [JSON.stringify({ id: '1', answer: 'one' }), '{not json', JSON.stringify({ id: '3', nothing: true }), Buffer.from([0xff, 0xfe]).toString('latin1'), JSON.stringify({ id: '5', answer: 'five' })];
    const rs = await read('mixed.jsonl', lines.join('\n'));
    expect(docs(rs).map((d) => d.id)).toEqual(['1', '5']);
    const es = errors(rs);
    expect(es).toHaveLength(3);
    expect(es[0]).toMatch(/:2: malformed JSON/);
    expect(es[1]).toMatch(/:3: line skipped: no answer field/);
    expect(es[2]).toMatch(/:4/);
  });
  it('rejects JSON of the wrong shape with a message naming what it expects', async () => {
    expect(errors(await read('shape.json', JSON.stringify({ hello: 'world' })))[0]).toMatch(/wrong shape.*answer/);
    expect(errors(await read('num.json', '42'))[0]).toMatch(/wrong shape/);
  });
});
