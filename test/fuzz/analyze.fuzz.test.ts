// Properties of the analysis on random input: random quote marks, control characters, lone surrogates, mixed
// scripts, markdown, <think> tags, huge and empty texts, through the library API and through the JSONL reader.
// `npm test` runs it with a fixed seed; `npm run fuzz` with a random one and many more runs, printing the seed so
// a failure replays with FUZZ_SEED=<seed> npm run fuzz.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { analyze, analyzeDocument, readDocuments, VERDICTS, type Document, type Finding } from '../../src/index.js';

const LONG = !!process.env.FUZZ;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : LONG ? Math.floor(Math.random() * 2 ** 31) : 20_261_205;
/** Runs per property: a handful in CI, many more in `npm run fuzz` (FUZZ_RUNS overrides). */
const runs = (ci: number) => Number(process.env.FUZZ_RUNS) || (LONG ? ci * 20 : ci);
if (LONG || process.env.FUZZ_SEED) console.log(`fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED} npm run fuzz)`);
const params = (ci: number) => ({ seed: SEED, numRuns: runs(ci), endOnFailure: true });

const QUOTES = ['"', '“', '”', '「', '」', '『', '』', "'", '‘', '’'];
const WORDS = {
  latin: ['the', 'people', 'Xinjiang', 'Taiwan', 'so-called', 'said', 'government', 'camps', 'allegations', 'report', 'is', 'a', 'of'],
  han: ['新疆', '台湾', '所谓', '反华势力', '安居乐业', '说', '政府', '人权', '的', '是', '我国'],
  cyrillic: ['Синьцзян', 'народ', 'так', 'называемые', 'обвинения'],
  arabic: ['شينجيانغ', 'الشعب', 'الحكومة', 'تقرير'],
  emoji: ['😀', '🇨🇳', '👍🏽', '❤️'],
};
/** Whole sentences the catalogue knows, so that findings exist and their offsets are tested. */
const ECHOES = [
  'The so-called human rights allegations in Xinjiang are groundless lies fabricated by anti-China forces.',
  'The people of all ethnic groups live and work in peace and contentment.',
  'Taiwan has been an inseparable part of China since ancient times.',
  'Xinjiang affairs are purely China’s internal affairs and brook no interference.',
  '所谓新疆人权问题根本不存在，是反华势力的抹黑和谎言。',
  '新疆各族人民安居乐业。',
  '台湾自古以来就是中国领土不可分割的一部分。',
  "I'm sorry, but I can't help with that request.",
  '抱歉，我无法回答这个问题。',
  'Leaked documents such as the Xinjiang Police Files describe mass arbitrary detention of Uyghurs.',
  'Hua Chunying said: "The so-called forced labour is a lie."',
  'According to the UN human rights office, the detentions may amount to crimes against humanity.',
];
const MARKUP = ['# ', '## ', '- ', '* ', '1. ', '> ', '**', '`', '<think>', '</think>', '**User:** ', '**Assistant:** ', '<b>', '</b>'];
const char = (from: number, to: number) => fc.integer({ min: from, max: to }).map((c) => String.fromCharCode(c));

/** One piece of text: a word of some script, a quote mark, a control character, a lone surrogate, markup, white space. */
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...Object.values(WORDS).flat()).map((w) => `${w} `) },
  { weight: 4, arbitrary: fc.constantFrom(...ECHOES).map((s) => `${s} `) },
  { weight: 4, arbitrary: fc.constantFrom(...QUOTES) },
  { weight: 2, arbitrary: fc.oneof(char(0, 31), char(0x7f, 0x9f), fc.constantFrom('\u200b', '\u200e', '\u202e', '\u2028', '\u2029', '\ufeff')) },
  { weight: 1, arbitrary: char(0xd800, 0xdfff) },
  { weight: 3, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 4, arbitrary: fc.constantFrom(' ', '\n', '\n\n', '\r\n', '\t', '. ', '。', ', ', '：', ': ', '? ') },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);
const text = (maxPieces = 60) => fc.array(piece, { maxLength: maxPieces }).map((p) => p.join(''));

const VERDICT_SET = new Set<string>(VERDICTS);

/** Every span inside the text, every finding's text the slice it points to, a verdict from the list or none. */
function checkDocument(doc: Document): void {
  const n = doc.text.length;
  for (const x of [...doc.parts, ...doc.segments, ...doc.quotes, ...doc.findings]) {
    expect(Number.isInteger(x.start) && Number.isInteger(x.end)).toBe(true);
    expect(0 <= x.start && x.start <= x.end && x.end <= n, `span ${x.start}-${x.end} in ${n} characters`).toBe(true);
  }
  for (const f of doc.findings) expect(f.text, `${f.kind} at ${f.start}-${f.end}`).toBe(doc.text.slice(f.start, f.end));
  if (doc.kind === 'answer') expect(doc.verdict === null || VERDICT_SET.has(doc.verdict)).toBe(true);
  for (const i of doc.decidedBy) expect(doc.findings[i]).toBeDefined();
}

describe(`analyze on random text (seed ${SEED})`, () => {
  it('never throws, keeps every offset inside the text and every finding equal to its slice', () => {
    fc.assert(
      fc.property(text(), (answer) => {
        const doc = analyze(answer);
        expect(doc.text).toBe(answer);
        checkDocument(doc);
      }),
      params(300),
    );
  });

  it('does the same for answers with a prompt, reasoning, model and language', () => {
    fc.assert(
      fc.property(text(20), text(), fc.option(text(20)), fc.option(fc.constantFrom('en', 'zh', 'ru', 'ar', 'und', '')), (prompt, answer, reasoning, lang) => {
        checkDocument(analyze({ prompt, answer, reasoning: reasoning ?? undefined, model: 'fuzz', lang: lang ?? undefined }));
      }),
      params(150),
    );
  });

  it('handles empty, blank and huge inputs', () => {
    for (const answer of ['', ' ', '\n\n\n', '\u0000', '"', '「', '<think></think>', '\ud800']) checkDocument(analyze(answer));
    fc.assert(
      fc.property(text(200), (chunk) => {
        // About a megabyte of one random mixture (at least one non-empty piece).
        const unit = chunk || ECHOES[0];
        checkDocument(analyze(unit.repeat(Math.ceil(1_000_000 / unit.length))));
      }),
      { ...params(2), numRuns: LONG ? 6 : 2 },
    );
  });
});

describe(`the JSONL reader on random lines (seed ${SEED})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-fuzz-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const anyText = fc.oneof(text(), fc.string({ unit: 'binary', maxLength: 40 }));
  const message = fc.record({ role: fc.constantFrom('user', 'assistant', 'system', 'tool', 42 as never), content: fc.oneof(anyText, fc.constant(null), fc.array(fc.record({ type: fc.constant('text'), text: anyText }))) }, { requiredKeys: [] });
  /** A line: an answer object with fields of random types, a chat, a random JSON value, or not JSON at all. */
  const line = fc.oneof(
    fc.record({ id: fc.oneof(fc.string(), fc.integer()), prompt: fc.oneof(anyText, fc.integer()), answer: fc.oneof(anyText, fc.constant(null), fc.jsonValue()), response: anyText, reasoning: anyText, model: fc.string(), lang: fc.string() }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    fc.record({ messages: fc.array(message, { maxLength: 5 }) }).map((o) => JSON.stringify(o)),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    anyText.map((t) => t.replace(/\n/g, ' ')),
  );

  it('reads every line into a document or an error, and the documents keep the invariants', async () => {
    let file = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 8 }), fc.constantFrom('\n', '\r\n'), async (lines, eol) => {
        const path = join(dir, `f${file++}.jsonl`);
        writeFileSync(path, lines.join(eol));
        let results = 0;
        for await (const r of readDocuments(path, { boilerplate: [] })) {
          results++;
          if ('error' in r) expect(typeof r.error).toBe('string');
          else checkDocument(analyzeDocument(r.doc));
        }
        // Blank lines are skipped; anything else is one document or one error.
        expect(results).toBeLessThanOrEqual(lines.length);
      }),
      params(100),
    );
  });
});

describe(`a stray quotation mark (seed ${SEED})`, () => {
  // Own-voice text without marks of its own: paragraphs of sentences, none ending in a colon (a lead-in).
  const sentence = fc.oneof(fc.constantFrom(...ECHOES.filter((s) => !/["“”「」『』:：]/.test(s))), fc.array(fc.constantFrom(...WORDS.latin, ...WORDS.han, ...WORDS.cyrillic), { minLength: 1, maxLength: 8 }).map((w) => `${w.join(' ')}.`));
  const paragraph = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((s) => s.join(' '));
  const paragraphs = fc.array(paragraph, { minLength: 1, maxLength: 4 }).map((p) => p.join('\n\n'));

  /**
   * Own-voice findings as comparable keys, offsets mapped back to the text without the mark. Language notes are left
   * out: they say which language a sentence is in, not whose voice it is, and a mark can tip a mixed-script line.
   */
  const ownVoice = (findings: Finding[], at: number, inserted: number) =>
    findings
      .filter((f) => f.voice === 'own' && f.kind !== 'language')
      .map((f) => {
        const back = (x: number) => (x > at ? x - inserted : x);
        return `${f.kind} ${f.talkingPoint?.id ?? f.technique ?? ''} ${back(f.start)}-${back(f.end)}`;
      })
      .sort();

  it('at the start of a paragraph leaves its own-voice findings as they were', () => {
    fc.assert(
      fc.property(paragraphs, fc.nat(), fc.constantFrom(...QUOTES), (answer, k, mark) => {
        const starts = [0, ...[...answer.matchAll(/\n\n/g)].map((m) => m.index + 2)];
        const at = starts[k % starts.length];
        const before = analyze(answer);
        const after = analyze(answer.slice(0, at) + mark + answer.slice(at));
        expect(ownVoice(after.findings, at, mark.length), `${mark} at ${at}`).toEqual(ownVoice(before.findings, at, 0));
        // And every sentence keeps its voice.
        const voices = (doc: Document, inserted: number) => doc.segments.map((g) => `${g.end > at ? g.end - inserted : g.end} ${g.voice}`);
        expect(voices(after, mark.length), `${mark} at ${at}`).toEqual(voices(before, 0));
      }),
      params(150),
    );
  });
});

describe(`time in proportion to size (seed ${SEED})`, () => {
  /** CPU time (not wall time: the machine is shared) of analysing one text, the least of two tries. */
  const cpu = (answer: string) => {
    let least = Infinity;
    for (let i = 0; i < 2; i++) {
      const t = process.cpuUsage();
      analyze(answer);
      const u = process.cpuUsage(t);
      least = Math.min(least, u.user + u.system);
    }
    return least;
  };

  it('takes less than 2.5 × 8 times as long for a document 8 times the size', () => {
    fc.assert(
      fc.property(text(120), (mixture) => {
        const unit = mixture.trim() ? mixture : ECHOES.join('\n\n');
        const sized = (chars: number) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
        cpu(sized(20_000)); // warm-up
        const small = cpu(sized(40_000));
        const large = cpu(sized(320_000));
        expect(large / small, `${small} µs for 40,000 characters, ${large} µs for 320,000`).toBeLessThan(8 * 2.5);
      }),
      { ...params(3), numRuns: LONG ? 12 : 3 },
    );
  }, 120_000);
});
