// Step 1: paragraphs, sentences and quotes. Quotes in every style (straight, curly, guillemets, CJK
// 「」『』), nested, spanning paragraphs the way news copy does, and unbalanced marks tolerated.
import type { Quote } from '../document.js';
import { isSpaceUnit, matchesOf } from './text.js';

export interface Span {
  start: number;
  end: number;
}

/** Paragraphs: runs of text separated by blank lines, trimmed. */
export function splitParagraphs(text: string, from = 0, to = text.length): Span[] {
  const out: Span[] = [];
  const re = /\n[ \t]*\n/g;
  re.lastIndex = from;
  let start = from;
  for (;;) {
    const m = re.exec(text);
    const end = m && m.index < to ? m.index : to;
    pushTrimmed(text, start, end, out);
    if (!m || m.index >= to) break;
    start = m.index + m[0].length;
  }
  return out;
}

function pushTrimmed(text: string, start: number, end: number, out: Span[]): void {
  while (start < end && isSpaceUnit(text.charCodeAt(start))) start++;
  while (end > start && isSpaceUnit(text.charCodeAt(end - 1))) end--;
  if (end > start) out.push({ start, end });
}

const ABBREVIATION = /(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gen|Gov|Lt|Col|Sgt|St|Jr|Sr|No|Vol|Fig|Inc|Ltd|Co|Corp|vs|etc|e\.g|i\.e|Jan|Feb|Mar|Apr|Aug|Sept?|Oct|Nov|Dec|U\.S|U\.K|U\.N|[A-Z])\.\s*$/;
/** A line's number in a list or a heading ("1.", "**2.", "### 3.", "- IV."), markup before it. */
const LIST_NUMBER = /^\s*(?:[-*+•]\s+)?(?:#{1,6}\s+)?(?:\*\*|__|\*|_)?(?:\d{1,3}|[IVX]{1,5})\.$/;
/**
 * Sentence ends: terminal punctuation with any closing quotes or brackets, then white space before an
 * upper-case letter, digit, quotation mark or Chinese text (or the end) — after Chinese full stops,
 * directly. A hand-written rule rather than Intl.Segmenter: about three times faster on answers.
 */
const SENTENCE_END = /[。！？]+["”’」』）)]*|[.!?…]+["”’」』)\]]*(?=\s+["“‘「『(\[]?[\p{Lu}\p{N}\p{Script=Han}]|\s*$)/gu;

/**
 * Sentences of text[from, to). Lines of lists, headings and short lines are sentences of their own;
 * a hard-wrapped line (lower-case or comma at the break) continues the sentence.
 */
export function splitSentences(text: string, from = 0, to = text.length): Span[] {
  const out: Span[] = [];
  for (const block of splitLines(text, from, to)) {
    const slice = text.slice(block.start, block.end);
    let start = 0;
    for (const m of matchesOf(SENTENCE_END, slice)) {
      const end = m.index! + m[0].length;
      // "Mr. Chen", "U.S. officials": an abbreviation does not end the sentence; nor does a list number ("**2. Background**").
      if (ABBREVIATION.test(slice.slice(Math.max(start, end - 12), end)) || (start === 0 && LIST_NUMBER.test(slice.slice(0, end)))) continue;
      pushTrimmed(text, block.start + start, block.start + end, out);
      start = end;
    }
    pushTrimmed(text, block.start + start, block.end, out);
  }
  return out;
}

/**
 * Lines of text[from, to), trimmed, with hard-wrapped lines joined: a line break continues the sentence when the line
 * so far is over 40 characters long and ends in a lower-case letter, comma or semicolon, and the next line begins
 * with a lower-case letter within 80 characters (so it is no list item, heading, quote or table row).
 */
function splitLines(text: string, from: number, to: number): Span[] {
  const out: Span[] = [];
  let start = from;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
    if (!wrapsAt(text, start, i, to)) {
      pushTrimmed(text, start, i, out);
      start = i + 1;
    }
  }
  pushTrimmed(text, start, to, out);
  return out;
}

/** Whether the line break at text[i] wraps the line text[start, i) onto the next (see splitLines), by a scan of code units. */
function wrapsAt(text: string, start: number, i: number, to: number): boolean {
  let end = i;
  while (end > start && isSpaceUnit(text.charCodeAt(end - 1))) end--;
  if (end === start) return false;
  const last = text.charCodeAt(end - 1);
  if (last !== 0x2c && last !== 0x3b && !lowerCaseAt(text, start, end - 1, end)) return false;
  const limit = Math.min(to, i + 81);
  let next = i + 1;
  while (next < limit && isSpaceUnit(text.charCodeAt(next))) next++;
  if (next === limit || !lowerCaseAt(text, i + 1, next, limit)) return false;
  let first = start;
  while (isSpaceUnit(text.charCodeAt(first))) first++;
  return end - first > 40;
}

const LOWER_CASE = /^\p{Ll}$/u;
/** By code unit: 2 for a lower-case letter (\p{Ll}), 1 for any other (0: not known yet). */
const lowerCaseUnits = new Uint8Array(0x10000);

/**
 * Whether the code point at text[at] (or, at a low surrogate, the pair ending there) is a lower-case letter, reading
 * text[from, to) only: a surrogate whose other half lies outside is no letter.
 */
function lowerCaseAt(text: string, from: number, at: number, to: number): boolean {
  const c = text.charCodeAt(at);
  if (c >= 0xd800 && c <= 0xdbff && at + 1 < to) return LOWER_CASE.test(text.slice(at, at + 2));
  if (c >= 0xdc00 && c <= 0xdfff && at > from) return LOWER_CASE.test(text.slice(at - 1, at + 1));
  if (lowerCaseUnits[c] === 0) lowerCaseUnits[c] = LOWER_CASE.test(String.fromCharCode(c)) ? 2 : 1;
  return lowerCaseUnits[c] === 2;
}

const PAIRS: Record<string, string> = {
  '“': '”',
  '„': '“',
  '«': '»',
  '「': '」',
  '『': '』',
  '﹁': '﹂',
  '‘': '’',
  '"': '"',
  '＂': '＂',
};
const QUOTE_MARK = /["“”„«»「」『』﹁﹂‘’＂]/g;
/** Letters of the scripts that write apostrophes inside words. */
const IN_WORD = /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}]/u;

/** Decides whether an ambiguous mark (straight quote) opens or closes, from its neighbours. */
function straightRole(text: string, i: number): 'open' | 'close' | 'either' {
  const before = i > 0 ? text[i - 1] : ' ';
  const after = i + 1 < text.length ? text[i + 1] : ' ';
  const spaceBefore = /[\s([{\-—–:;,]/.test(before) || i === 0;
  const spaceAfter = /[\s)\]}.,;:!?—–-]/.test(after) || i + 1 === text.length;
  if (spaceBefore && !spaceAfter) return 'open';
  if (!spaceBefore && spaceAfter) return 'close';
  return 'either';
}

interface OpenMark {
  mark: string;
  at: number;
  paragraph: number;
}

/**
 * Finds quotations in the given paragraphs. A quote left open at the end of its paragraph continues
 * into the next one only when that paragraph holds its closing mark (news style); when the next
 * paragraph re-opens with the same mark, each paragraph is a quotation of its own. Otherwise an
 * unclosed quote covers the rest of its paragraph only if it reads as speech (it opens the paragraph
 * or follows a colon or "said"), and is dropped as a stray mark if not.
 */
export function findQuotes(text: string, paragraphs: Span[]): Quote[] {
  const quotes: Quote[] = [];
  const add = (open: OpenMark, innerEnd: number, closeMark: string | null, end: number) =>
    quotes.push({ start: open.at, end, innerStart: open.at + 1, innerEnd, open: open.mark, close: closeMark, term: false });
  let carried: OpenMark[] = [];
  // The first quotation mark at or after a position. The search past a paragraph's end is kept for the paragraphs
  // after it: searched afresh for each, a text of many paragraphs and few marks was scanned to its end every time.
  let found: RegExpExecArray | null | undefined;
  const markFrom = (from: number) => {
    if (found === undefined || (found !== null && found.index < from)) {
      QUOTE_MARK.lastIndex = from;
      found = QUOTE_MARK.exec(text);
    }
    return found;
  };
  /** Whether the paragraph before led into speech (see continuesToEnd). */
  let speechLeadsIn = false;
  // How many marks of each kind are open, and how many each closing mark would close: asked for every mark, so
  // counted rather than searched for (a text of thousands of unclosed marks made every look-up a scan). Per
  // paragraph, in maps emptied for each.
  const openMarks = new Map<string, number>();
  const closable = new Map<string, number>();
  // Whether the next paragraph closes a mark depends on the mark alone: worked out once per kind of mark.
  const closesByMark = new Map<string, boolean>();
  paragraphs.forEach((para, p) => {
    const stack = carried;
    carried = [];
    openMarks.clear();
    closable.clear();
    closesByMark.clear();
    const count = (o: OpenMark, by: number) => {
      openMarks.set(o.mark, (openMarks.get(o.mark) ?? 0) + by);
      closable.set(PAIRS[o.mark], (closable.get(PAIRS[o.mark]) ?? 0) + by);
    };
    for (const o of stack) count(o, 1);
    // Jump from quotation mark to quotation mark rather than visiting every character.
    for (let m = markFrom(para.start); m && m.index < para.end; m = markFrom(m.index + 1)) {
      const i = m.index;
      const ch = m[0];
      // Apostrophes (don’t, China’s, the people’ voices) are not quotes unless a ‘ is open.
      if (ch === '’' && /\p{L}/u.test(text[i - 1] ?? '') && !openMarks.get('‘')) continue;
      // Inside a word of an alphabetic script (China’s, don’t) it is an apostrophe even while a ‘ is open: a stray ‘
      // must not pair with the next possessive. (Chinese closes nested quotes right before Han text: ‘人权’问题.)
      if (ch === '’' && IN_WORD.test(text[i - 1] ?? '') && IN_WORD.test(text[i + 1] ?? '')) continue;
      if (ch === '‘' && /\p{L}/u.test(text[i - 1] ?? '')) continue;
      const isStraight = ch === '"' || ch === '＂';
      const role = isStraight ? straightRole(text, i) : ch in PAIRS && !(ch === '“' && openMarks.get('„')) ? 'open' : 'close';
      if (role !== 'open') {
        // The search from the top stops at the mark it closes, and everything above that is removed with it.
        const at = closable.get(ch) ? findLastIndex(stack, (o) => PAIRS[o.mark] === ch) : -1;
        if (at >= 0) {
          const open = stack[at];
          for (const o of stack.splice(at)) count(o, -1); // marks opened inside and never closed end with it
          add(open, i, ch, i + 1);
          continue;
        }
        if (role === 'close') continue; // a stray closing mark
      }
      const opened = { mark: ch, at: i, paragraph: p };
      stack.push(opened);
      count(opened, 1);
    }
    const next = paragraphs[p + 1];
    let continues = false;
    let nextText: string | undefined;
    const closesInNextFor = (mark: string): boolean => {
      let closes = closesByMark.get(mark);
      if (closes === undefined) {
        const closer = PAIRS[mark];
        nextText ??= next ? text.slice(next.start, next.end) : '';
        closes = !!next && nextText[0] !== mark && nextText.includes(closer) && (closer !== mark || !nextText.slice(0, nextText.indexOf(closer)).includes(mark));
        closesByMark.set(mark, closes);
      }
      return closes;
    };
    for (const open of stack) {
      const closesInNext = closesInNextFor(open.mark);
      if (closesInNext && open.at === paragraphs[open.paragraph].start) carried.push(open);
      else if (continuesToEnd(text, open, paragraphs[open.paragraph], open.paragraph === p ? speechLeadsIn : false)) {
        add(open, para.end, null, para.end);
        continues = true;
      }
    }
    // What the next paragraph may continue: a quotation running to this one's end, or a lead-in ending in a colon or
    // a closing quotation mark.
    speechLeadsIn = continues || endsInColonOrQuote(text, para);
  });
  return quotes.sort((a, b) => a.start - b.start || b.end - a.end);
}

/** Whether the span ends, before any white space, in a colon or a closing quotation mark: /[:：]\s*$|["”」』»]\s*$/ by a scan. */
export function endsInColonOrQuote(text: string, span: Span): boolean {
  let end = span.end;
  while (end > span.start && isSpaceUnit(text.charCodeAt(end - 1))) end--;
  if (end === span.start) return false;
  const c = text.charCodeAt(end - 1);
  return c === 0x3a || c === 0xff1a || c === 0x22 || c === 0x201d || c === 0x300d || c === 0x300f || c === 0xbb;
}

/**
 * An unclosed quote is speech when it follows a colon or a reporting verb, or when it opens its
 * paragraph right after speech: a lead-in ending in a colon, or a quotation (news copy opens each
 * paragraph of a long quotation and closes only the last). A stray mark at the start of an answer, with
 * nothing leading into it, is not: it must not make the author's own words someone else's.
 */
function continuesToEnd(text: string, open: OpenMark, para: Span, afterSpeech: boolean): boolean {
  const before = text.slice(Math.max(para.start, open.at - 40), open.at);
  return (open.at === para.start && afterSpeech) || /[:：]\s*$/.test(before) || /\b(said|says|told|added|stated|wrote|asked)\s*$/i.test(before) || /(说|表示|称|指出)[:：，,]?\s*$/.test(before);
}

function findLastIndex<T>(list: T[], pred: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i])) return i;
  return -1;
}
