// The cue gate of the voice step: one scan of the document says which sentences may hold a reporting
// verb, a source frame ("according to") or a state's position; the others skip those regexes. A
// sentence the gate leaves out must be one where the regexes find nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POSITION, SOURCE, VERB, sentenceCues } from '../../src/analysis/voice.js';
import { prepareDocument } from '../../src/analysis/pipeline.js';
import { regexStarts } from '../../src/analysis/context.js';
import { newDocument, type Segment } from '../../src/document.js';
import { analyseCase } from './tester.js';

interface CueCase {
  name: string;
  text: string;
  /** A fragment of the sentence and the cues it must be marked with (exactly). */
  expect: [string, number][];
}

const cases: CueCase[] = [
  { name: 'en no cue', text: 'Satellite images show walls and watchtowers.', expect: [['Satellite images', 0]] },
  { name: 'en reporting verb', text: 'Hua Chunying said that the centres are schools.', expect: [['centres are schools', VERB]] },
  { name: 'en clausal verb', text: 'Beijing maintains that the measures prevent terrorism.', expect: [['prevent terrorism', VERB]] },
  // The verbs are case-sensitive, the frames are not: a gate that took the frames as written would miss these.
  { name: 'en source frame in capitals', text: 'ACCORDING TO XINHUA, the region welcomed tourists.', expect: [['welcomed tourists', SOURCE]] },
  { name: 'en position in capitals', text: "BEIJING'S OFFICIAL POSITION IS THAT the camps are schools.", expect: [['camps are schools', POSITION]] },
  // A verb inside a frame: a scan that went on after the whole frame would not see "stated".
  { name: 'en verb inside a frame', text: 'Hua Chunying, as stated by the press, was absent.', expect: [['was absent', VERB | SOURCE]] },
  // `\b` is ASCII: after "é" a word starts for the regexes even though "ésaid" is one word of letters.
  { name: 'en verb after a non-ASCII letter', text: 'The singer Beyoncésaid that she was tired.', expect: [['she was tired', VERB]] },
  { name: 'en sentences apart', text: 'The camps were built in 2017. Officials said they were schools. Many detainees were released.', expect: [['camps were built', 0], ['Officials said', VERB], ['detainees were released', 0]] },
  // What the sentence regexes ask after the cue is asked too: a word boundary, and a clause after a clausal verb.
  { name: 'en frame word inside a longer word', text: 'Perhaps the camps are schools. Per Xinhua, the camps are schools.', expect: [['Perhaps', 0], ['Per Xinhua', SOURCE]] },
  { name: 'en clausal verb without its clause', text: 'The camps were described in detail. Critics described the camps as prisons.', expect: [['in detail', 0], ['as prisons', VERB]] },
  { name: 'zh no English cue', text: '新疆是中国面积最大的省级行政区。中方的立场是明确的。', expect: [['面积最大', 0], ['中方的立场', 0]] },
  { name: 'zh sentence with an English frame', text: '据报道，according to Xinhua，旅游人数增加。', expect: [['旅游人数', SOURCE]] },
  { name: 'zh verb after Han text', text: '外交部said that营地是学校。', expect: [['营地是学校', VERB]] },
];

function contextOf(text: string) {
  return prepareDocument(newDocument({ id: 'cues', source: 'cues', format: 'article-text', kind: 'article', text }));
}

describe('voice cue gate', () => {
  // The cues are tried only where the document's literal pass found one of their leading literals; the same gate
  // without that (a regex the pass does not know) scans the whole text. Both must mark the same sentences.
  it('marks the same sentences through the literal pass as by scanning the text (property)', () => {
    const pieces = ['Hua', ' said', ' says', 'Said', ' stated', ' according to', ' As claimed by', ' per', 'Per', ' view', ' positions', ' the', ' camps', 'x', '-', "'", '. ', ': ', '\n', ' maintains that', ' described them as', 'ACCORDING TO', ' 据新华社报道', '，'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), (parts) => {
        const ctx = contextOf(parts.join('') || 'x');
        expect(regexStarts(ctx, ctx.verbs.gate.starts), 'the shipped cues have leading literals').toBeDefined();
        const scanned = { ...ctx.verbs.gate, starts: new RegExp(ctx.verbs.gate.starts) };
        expect([...sentenceCues(ctx)]).toEqual([...sentenceCues(ctx, scanned)]);
      }),
      { numRuns: 500 },
    );
  });

  for (const c of cases) {
    it(c.name, () => {
      const ctx = contextOf(c.text);
      const masks = sentenceCues(ctx);
      for (const [fragment, mask] of c.expect) {
        const i = ctx.doc.segments.findIndex((s) => s.text.includes(fragment));
        expect(i, `no sentence contains "${fragment}"`).toBeGreaterThanOrEqual(0);
        expect(masks[i], `cues of "${ctx.doc.segments[i].text}"`).toBe(mask);
      }
    });
  }

  // Only a sentence's first character can start a word in the sentence and not in the document (when a
  // letter comes before it); the gate looks there on its own. A gate that scanned the document alone would miss these.
  it.each([
    ['Xsaid that the camps are schools.', 1, VERB],
    ['Xaccording to Xinhua, tourists came.', 1, SOURCE],
    ['Xsaid that the camps are schools.', 0, 0],
  ])('a sentence starting after a letter: %s from %i', (text, from, mask) => {
    const ctx = contextOf(text);
    const seg: Segment = { ...ctx.doc.segments[0], start: from, text: text.slice(from) };
    ctx.doc.segments = [seg];
    expect(sentenceCues(ctx)[0]).toBe(mask);
  });

  // A sentence cut inside a word ("…said|x…") ends a word for its regexes but not in the document: it is tried for every cue.
  it.each([
    ['Hua Chunying saidx that the camps are schools.', 17, VERB | SOURCE | POSITION],
    ['Hua Chunying saidx that the camps are schools.', 18, 0],
    ['Hua Chunying said that the camps are schools.', 17, VERB],
  ])('a sentence ending before a letter: %s to %i', (text, to, mask) => {
    const ctx = contextOf(text);
    const seg: Segment = { ...ctx.doc.segments[0], start: 0, end: to, text: text.slice(0, to) };
    ctx.doc.segments = [seg];
    expect(sentenceCues(ctx)[0]).toBe(mask);
  });
});

describe('voice with and without cues', () => {
  // Both paths give the voices the regexes would: sentences without cues stay the author's own.
  it.each([
    ['Hua Chunying, as stated by the press, was absent.', 'was absent', 'reported', 'Hua Chunying'],
    ['ACCORDING TO Xinhua, the region welcomed 200 million tourists.', 'welcomed', 'reported', 'Xinhua'],
    ["Beijing's official position is that the camps are schools.", 'camps are schools', 'reported', 'state_official'],
    ['The camps were built in 2017. Many detainees were released later.', 'detainees were released', 'own', undefined],
    ['据新华社报道，该地区去年接待了两亿游客。', '两亿游客', 'reported', undefined],
    ['新疆是中国面积最大的省级行政区。', '面积最大', 'own', undefined],
  ])('%s', (text, fragment, voice, who) => {
    const doc = analyseCase({ name: 'cues', text, kind: 'article' });
    const seg = doc.segments.find((s) => s.text.includes(fragment))!;
    expect(seg.voice).toBe(voice);
    if (who) expect([seg.speaker?.name, seg.speaker?.role]).toContain(who);
  });
});
