// Step 2: whose words each sentence is — the author's own, quoted, or reported — and who the speaker is.
// Quotes get their speakers from attributions in the sentence, a lead-in ending in a colon, a
// following "…, Hua said", or the last speaker of the paragraph (pronoun and title carry-over).
import type { Finding, Quote, Segment, Speaker, Voice } from '../document.js';
import { findSpeakerMentions, roleFromCues, type SpeakerMention } from '../knowledge/speakers.js';
import { firstAtOrAfter } from '../knowledge/phrases.js';
import { findInSegments, hasPattern, mentionsOf, regexStarts, stickyOf, type Context, type ReportedLabel, presentOf } from './context.js';
import { notReporting, type CueGate, type VerbRegexes } from './cues.js';
import { isHan, isSpaceUnit, matchesOf } from './text.js';

const PRONOUN_EN = /\b(he|she|they|the spokesman|the spokeswoman|the spokesperson|the official|the minister|the ambassador|the diplomat|the researcher|the scholar|the report)\b/gi;
const PRONOUN_ZH = /(他|她|他们|她们|该发言人|这位发言人|发言人)/g;
const POSITION_EN = /\b(position|positions|view|views|perspective|stance|narrative|account|claims?|arguments?|version|official line|response|explanation|rationale|justification|framing)\b/i;
const POSITION_ZH = /(立场|观点|看法|说法|角度|回应|表态|叙事|口径|主张)/;
const GENERIC_STATE_EN = /\b(official|officials'?|government'?s?|authorities'?|party'?s?|state|beijing'?s?|china'?s?|chinese)\s+(official\s+)?(position|view|perspective|stance|narrative|account|line|response|explanation|claims?|framing)\b/i;
const GENERIC_STATE_ZH = /(官方|政府|中方|中国政府|当局)(的)?(立场|观点|看法|说法|角度|回应|表态|叙事|口径)/;
const HEADING = /^\s*(#{1,6}\s|\*\*[^*]+\*\*:?\s*$|__[^_]+__:?\s*$)/;
const LIST_ITEM = /^\s*(?:[-*+•·]\s|\d+[.)]\s|>)/;
const TERMINAL = /[.!?。！？…]/;

interface Frame {
  speaker: Speaker;
  /** A heading frame lasts until the next heading; a colon frame until a paragraph that is not a list. */
  kind: 'heading' | 'colon';
  paragraph: number;
}

export function assignVoices(ctx: Context): void {
  const { doc, norm } = ctx;
  const { verbs } = ctx;
  const cues = sentenceCues(ctx, verbs.gate);
  const dialogue = dialogueLines(ctx);
  classifyTerms(doc.quotes, norm);
  const speech = doc.quotes.filter((q) => !q.term);
  // Which line each sentence starts on, worked out once: looking for it from every sentence is quadratic in a long line.
  const lineStarts = startsOfLines(doc.text);
  const headingLines = new Map<number, boolean>();
  const isHeadingLine = (start: number) => {
    let heading = headingLines.get(start);
    if (heading === undefined) headingLines.set(start, (heading = startsHeading(doc.text, start)));
    return heading;
  };

  // Quotations that may overlap the sentence at hand, swept along the sentences in order (looking at
  // every quotation from every sentence is quadratic in a long document).
  let active: Quote[] = [];
  let nextQuote = 0;
  let sweptTo = -1;
  const overlapping = (seg: Segment): Quote[] => {
    if (seg.start < sweptTo) {
      active = [];
      nextQuote = 0;
    }
    sweptTo = seg.start;
    while (nextQuote < speech.length && speech[nextQuote].start < seg.end) active.push(speech[nextQuote++]);
    // Drop the quotations that ended before this sentence, in place (this runs for every sentence).
    let kept = 0;
    for (const q of active) if (q.end > seg.start) active[kept++] = q;
    active.length = kept;
    return active;
  };

  let lastSpeaker: Speaker | undefined;
  let lastParagraph = -1;
  let frame: Frame | undefined;
  let pendingColonSpeaker: Speaker | undefined;

  doc.segments.forEach((seg, i) => {
    const text = norm.slice(seg.start, seg.end);
    const near = overlapping(seg);
    if (seg.paragraph !== lastParagraph) {
      // Speakers carry over to the next paragraph only when it continues a quotation or a lead-in.
      const startsQuoted = near.some((q) => q.start <= seg.start && q.end > seg.start) || /^["“「『«]/.test(text);
      if (!startsQuoted && !pendingColonSpeaker) lastSpeaker = undefined;
      if (frame && frame.kind === 'colon' && seg.paragraph > frame.paragraph + 1 && !LIST_ITEM.test(text) && !startsQuoted) frame = undefined;
      lastParagraph = seg.paragraph;
    }
    const isHeading = (mayBeHeading(doc.text, seg.start, seg.end) && HEADING.test(doc.text.slice(seg.start, seg.end))) || isHeadingLine(lineStarts[lastAtOrBefore(lineStarts, seg.start)]);
    // A heading ends a heading's frame. Not a lead-in's: "The government's position is as follows:" is often followed by
    // headed points ("**1. Historical sovereignty**"), which are still the position.
    if (isHeading && frame?.kind === 'heading') frame = undefined;

    const mentions = mentionsIn(ctx, seg, lastSpeaker);
    const attribution = findAttribution(ctx, seg, text, mentions, verbs, cues[i]);
    const quoted = quotedShare(seg, near);

    let voice: Voice = 'own';
    let speaker: Speaker | undefined;
    const line = dialogue.find((l) => l.start <= seg.start && seg.start < l.end);
    if (line) {
      voice = 'quoted';
      speaker = line.speaker;
    } else if (quoted >= 0.5) {
      voice = 'quoted';
      speaker = attribution ?? pendingColonSpeaker ?? lastSpeaker ?? attributionAfter(ctx, doc.segments[i + 1], verbs, cues[i + 1], lastSpeaker);
    } else if (attribution) {
      voice = 'reported';
      speaker = attribution;
    } else if (frame) {
      voice = 'reported';
      speaker = frame.speaker;
    }
    seg.voice = voice;
    seg.speaker = speaker ?? (voice === 'own' ? undefined : { name: 'unknown', role: 'unknown' });
    for (const q of near) {
      if (q.start >= seg.start && q.start < seg.end && !q.speaker) q.speaker = attribution ?? speaker;
    }
    // Pronouns and titles in later sentences refer back to the last person named or heard.
    let person: SpeakerMention | undefined;
    for (let k = mentions.length - 1; k >= 0 && !person; k--) if (mentions[k].speaker.id && !mentions[k].collective) person = mentions[k];
    if (speaker) lastSpeaker = speaker;
    else if (person) lastSpeaker = person.speaker;

    // A sentence ending in a colon, or a heading, that names a speaker or a position opens a frame.
    const endsWithColon = endsInColon(norm, seg.start, seg.end);
    if ((endsWithColon || isHeading) && (attribution || positional(text))) {
      const frameSpeaker = attribution ?? positionSpeaker(ctx, text, mentions);
      if (frameSpeaker) frame = { speaker: frameSpeaker, kind: isHeading ? 'heading' : 'colon', paragraph: seg.paragraph };
    }
    pendingColonSpeaker = endsWithColon && attribution ? attribution : quoted >= 0.5 && pendingColonSpeaker ? pendingColonSpeaker : undefined;
  });
  // The reported labels are worked out when wording is first judged (labelsOf): most answers have none to judge.
  ctx.labels = undefined;
}

/** The labels the author reports someone giving, worked out on first use once the voices are known. */
function labelsOf(ctx: Context): ReportedLabel[] {
  return (ctx.labels ??= reportedLabels(ctx));
}

/** Whether a sentence speaks of a position (the state's or anyone's). */
function positional(text: string): boolean {
  return GENERIC_STATE_EN.test(text) || GENERIC_STATE_ZH.test(text) || POSITION_EN.test(text) || POSITION_ZH.test(text);
}

/** "we designated it", 我们将其定性为: the author giving the label is the author speaking, not reporting. */
const FIRST_PERSON_EN = /\b(?:we|i)\s+(?:[\w'’-]+\s+){0,2}$/i;
const FIRST_PERSON_ZH = /(?:(?:我们|我国|我党|我方)[^，,。；;]{0,12}|我[^，,。；;]{0,3})$/;
/** Clause punctuation that ends a label the author reports. */
const CLAUSE_END = /[,，;；:：。.!?！？\n、]/;

/**
 * Labels the author narrates someone giving: after a labelling or charging cue ("labelled it an…",
 * "on charges of", 将其定性为, 以“…罪”) in an own-voice sentence, the label up to the end of its
 * quotation or clause is the labeller's word. A cue after "we"/我们, or in a sentence that endorses the
 * act ("rightly", 依法), leaves the label the author's own.
 */
function reportedLabels(ctx: Context): ReportedLabel[] {
  const cue = ctx.signals.get('labelling');
  if (!cue) return [];
  const endorsement = ctx.signals.get('endorsement');
  const { doc, norm } = ctx;
  const out: ReportedLabel[] = [];
  for (const { seg, start, end } of findInSegments(ctx, cue)) {
    if (seg.voice !== 'own' || doc.parts[seg.part].kind === 'prompt') continue;
    const before = norm.slice(seg.start, start);
    if ((seg.lang === 'zh' ? FIRST_PERSON_ZH : FIRST_PERSON_EN).test(before)) continue;
    if (endorsement && hasPattern(endorsement, norm, seg.start, seg.end, presentOf(ctx))) continue;
    out.push({ start, end: labelEnd(ctx, seg, start, end), speaker: labeller(ctx, seg, start) });
  }
  return out;
}

/** Where a reported label ends: the close of a quotation it opens, else the end of its clause (or a few words on). */
function labelEnd(ctx: Context, seg: Segment, cueStart: number, cueEnd: number): number {
  const q = ctx.doc.quotes.find((x) => x.close !== null && x.start >= cueStart && x.start <= cueEnd + 3 && x.start < seg.end);
  if (q) return Math.min(seg.end, Math.max(cueEnd, q.end));
  const limit = Math.min(seg.end, cueEnd + (seg.lang === 'zh' || isHan(ctx.norm[cueEnd] ?? '') ? 16 : 60));
  // Skip the spaces after the cue, then stop at the first clause mark.
  let at = cueEnd;
  while (at < limit && /\s/.test(ctx.norm[at])) at++;
  while (at < limit && !CLAUSE_END.test(ctx.norm[at])) at++;
  return at;
}

/** Who gives the label: the last speaker named before the cue in its sentence, else unnamed. */
function labeller(ctx: Context, seg: Segment, cueStart: number): Speaker {
  const named = mentionsOf(ctx, seg).filter((m) => m.end <= cueStart);
  return named.length ? named[named.length - 1].speaker : { name: 'unknown', role: 'unknown' };
}

/**
 * A speaker label at the start of a line: "**Gorbachev:**", "Robert Schuman (France):", "**舒曼（法国）**：".
 * Group 1 is the name; group 2 is set when the label stands alone on its line (the speech follows below).
 */
const LABEL = /[ \t>]*(?:\*\*|__)?([A-Z][\p{L}.'’-]*(?:[ \t][A-Z][\p{L}.'’-]*){0,3}|\p{Script=Han}{2,6})(?:[ \t]*[(（][^()（）\n]{1,40}[)）])?(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*(?:(?=\S)|(\r?\n))/uy;
/** Labels that introduce notes and sections rather than a speaker ("**Note:**", "Summary:"). */
const NOT_A_SPEAKER = /^(Note|Notes|Summary|Conclusion|Answer|Question|Context|Background|Important|Disclaimer|Update|Source|Sources|Example|Examples|Key|Key Points|Overview|Title|Setting|Scene|Step|Tip|Warning|Caution|Result|Results|Analysis|Reason|Reasons|Claim|Fact|Facts|Reality|Verdict|Response|Official|Position|Evidence|Criticism|Critics|Pros|Cons|Bottom Line|TL;DR|Edit|Q|A|注|注意|总结|结论|背景|回答|问题|摘要|来源|说明|提示|事实|立场|官方立场|证据)$/i;

/**
 * Lines of a script or dialogue ("**Gorbachev:** …", "华春莹：…"): when at least two lines carry
 * two or more distinct speaker labels, each line is that speaker's quoted speech. A turn runs on over
 * the paragraphs below its label until the next label; the last turn ends with its line (or, for a
 * label on a line of its own, with the paragraph below it), so the author's closing words stay theirs.
 * Places and topics are headings of a list, not speakers ("**Xinjiang:** …", "**Hong Kong:** …").
 */
function dialogueLines(ctx: Context): { start: number; end: number; speaker: Speaker }[] {
  const out: { start: number; end: number; label: string; speaker: Speaker; alone: boolean; part: { start: number; end: number } }[] = [];
  for (const part of ctx.doc.parts) {
    if (part.kind !== 'answer' && part.kind !== 'body') continue;
    const text = ctx.norm.slice(part.start, part.end);
    for (const m of labelsAtLineStarts(text)) {
      const label = m[1].trim();
      if (NOT_A_SPEAKER.test(label) || isPlace(ctx, label)) continue;
      const start = part.start + m.index!;
      const known = findSpeakerMentions(ctx.speakers, label, 0, label.length)[0];
      const speaker = known && known.end - known.start === label.length ? known.speaker : { name: label, role: roleFromCues(ctx.speakers, label) ?? 'unknown' };
      out.push({ start, end: lineEnd(ctx.norm, start, part.end), label, speaker, alone: m[2] !== undefined, part });
    }
  }
  if (new Set(out.map((l) => l.label)).size < 2 || out.length < 3) return [];
  return out.map((l, i) => {
    const next = out[i + 1];
    if (next && next.part === l.part) return { start: l.start, end: next.start, speaker: l.speaker };
    // The last turn: its line, or the paragraph below a label that stands alone.
    if (!l.alone) return l;
    const below = ctx.norm.slice(l.end, l.part.end).match(/^\s*\S[\s\S]*?(?=\n[ \t]*\n|$)/);
    return { start: l.start, end: below ? l.end + below[0].length : l.end, speaker: l.speaker };
  });
}

/**
 * The speaker labels of a text: LABEL tried where a line starts (as `^` with the `m` flag: at 0 and after
 * \n, \r, U+2028, U+2029), in order, each from the end of the last one found — the matches of a global
 * multiline scan, without trying the regex at every character.
 */
export function labelsAtLineStarts(text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  const lines = new LineStarts(text);
  let from = 0;
  for (let at = 0; at >= 0 && at < text.length; at = lines.after(at)) {
    if (at < from) continue;
    LABEL.lastIndex = at;
    const m = LABEL.exec(text);
    if (m) {
      out.push(m);
      from = at + m[0].length;
    }
  }
  return out;
}

/**
 * Where lines start in a text, one after another: after \n, \r, U+2028 or U+2029. Each break is looked
 * for with indexOf and its next place remembered, so a text is read once per kind of break.
 */
class LineStarts {
  private readonly breaks = ['\n', '\r', '\u2028', '\u2029'];
  private readonly nextAt = [-2, -2, -2, -2];
  constructor(private readonly text: string) {}

  /** Where the next line starts after `at` (-1 when none does). */
  after(at: number): number {
    let next = -1;
    for (let k = 0; k < this.breaks.length; k++) {
      if (this.nextAt[k] !== -1 && this.nextAt[k] < at) this.nextAt[k] = this.text.indexOf(this.breaks[k], at);
      const i = this.nextAt[k];
      if (i >= 0 && (next < 0 || i < next)) next = i;
    }
    return next < 0 ? -1 : next + 1;
  }
}

function lineEnd(text: string, start: number, limit: number): number {
  const end = text.indexOf('\n', start);
  return end < 0 || end > limit ? limit : end;
}

/** A label that names a place or a topic (the states' places, the catalogue's topics), not a person. */
function isPlace(ctx: Context, label: string): boolean {
  if (ctx.stateContext.find(label).some((h) => h.start === 0 && h.end === label.length)) return true;
  let topic = topicNames.get(ctx.knowledge);
  if (!topic) {
    const patterns = (ctx.knowledge.lexicons.topics ?? []).flatMap((e) => Object.values(e.patterns).flat());
    topicNames.set(ctx.knowledge, (topic = patterns.length ? new RegExp(`^(?:${patterns.map((p) => `(?:${p})`).join('|')})$`, 'iu') : /(?!)/));
  }
  return topic.test(label);
}
const topicNames = new WeakMap<object, RegExp>();

/** Where each line of the text starts, in order. */
function startsOfLines(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

const MARKDOWN_HEADING = /[^\S\n]*#{1,6}[^\S\n]/y;

/** Whether the line starting at `start` is a markdown heading (`## …`). */
function startsHeading(text: string, start: number): boolean {
  MARKDOWN_HEADING.lastIndex = start;
  return MARKDOWN_HEADING.test(text);
}

/** Whether HEADING could match text[start, end): after any spaces it needs a `#`, `*` or `_`. */
function mayBeHeading(text: string, start: number, end: number): boolean {
  let at = start;
  while (at < end && isSpaceUnit(text.charCodeAt(at))) at++;
  const c = text.charCodeAt(at);
  return at < end && (c === 35 || c === 42 || c === 95);
}

/**
 * Whether text[start, end) ends in a colon, then optionally `**`, with any spaces around them — what
 * /[:：]\s*(\*\*)?\s*$/ says of the sentence, read backwards from its end instead of tried at every colon.
 */
export function endsInColon(text: string, start: number, end: number): boolean {
  let at = end;
  while (at > start && isSpaceUnit(text.charCodeAt(at - 1))) at--;
  if (at - 2 >= start && text.charCodeAt(at - 1) === 42 && text.charCodeAt(at - 2) === 42) {
    at -= 2;
    while (at > start && isSpaceUnit(text.charCodeAt(at - 1))) at--;
  }
  const c = at > start ? text.charCodeAt(at - 1) : -1;
  return c === 0x3a || c === 0xff1a;
}

/** Index of the last element of a sorted list of offsets that is at most `value` (0 when none is). */
function lastAtOrBefore(sorted: number[], value: number): number {
  return Math.max(0, firstAfter(sorted, value) - 1);
}

/** Short unattributed quotations are terms ("so-called 'allegations'"): the author's voice goes on around them. */
function classifyTerms(quotes: Quote[], norm: string): void {
  for (const q of quotes) {
    const inner = norm.slice(q.innerStart, q.innerEnd);
    const han = inner.match(/\p{Script=Han}/gu)?.length ?? 0;
    const words = wordCount(norm, q.innerStart, q.innerEnd);
    const short = han > 0 ? han <= 10 : words <= 4;
    const before = norm.slice(Math.max(0, q.start - 30), q.start);
    const introduced = /[:：]\s*$/.test(before) || /\b(said|says|saying|told|added|wrote|asked)\s*,?\s*$/i.test(before) || /(说|表示|称|指出)[:：，,]?\s*$/.test(before);
    const speechLike = han > 0 ? han >= 4 : words >= 2;
    q.term = short && !TERMINAL.test(inner.replace(/[.!?。！？…,，]+\s*$/, '')) && !(introduced && speechLike);
  }
}

/** How many runs of non-space characters text[start, end) holds: inner.split(/\s+/).filter(Boolean).length, without the pieces. */
function wordCount(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if (!isSpaceUnit(text.charCodeAt(i)) && (i === start || isSpaceUnit(text.charCodeAt(i - 1)))) n++;
  return n;
}

function quotedShare(seg: Segment, speech: Quote[]): number {
  let covered = 0;
  for (const q of speech) {
    const s = Math.max(seg.start, q.start);
    const e = Math.min(seg.end, q.end);
    if (e > s) covered += e - s;
  }
  return covered / Math.max(1, seg.end - seg.start);
}

/** Kinds of cue a sentence may hold (bits of the masks sentenceCues gives). */
export const VERB = 1;
export const SOURCE = 2;
export const POSITION = 4;
const ALL_CUES = VERB | SOURCE | POSITION;

/** The cues that start at an offset of the document (see CueGate). */
function cuesAt(gate: CueGate, text: string, at: number): number {
  const test = (re: RegExp) => {
    re.lastIndex = at;
    return re.test(text);
  };
  return (test(gate.verb) ? VERB : 0) | (test(gate.source) ? SOURCE : 0) | (test(gate.position) ? POSITION : 0) | (gate.sourceGated ? 0 : SOURCE);
}

/** Per sentence (by index), the cues it may hold: a sentence without a bit cannot match that cue's regex. */
export function sentenceCues(ctx: Context, gate = ctx.verbs.gate): Uint8Array {
  const { norm } = ctx;
  const { segments } = ctx.doc;
  const at: number[] = [];
  const kinds: number[] = [];
  const found = (i: number) => {
    at.push(i);
    kinds.push(cuesAt(gate, norm, i));
  };
  const candidates = regexStarts(ctx, gate.starts);
  if (candidates) {
    // Tried only where the document's literal pass found one of its leading literals: the same places, for less work.
    const startsAt = stickyOf(gate.starts);
    for (let k = 0; k < candidates.length; k++) {
      if (k > 0 && candidates[k] === candidates[k - 1]) continue;
      startsAt.lastIndex = candidates[k];
      if (startsAt.test(norm)) found(candidates[k]);
    }
  } else {
    const re = gate.starts;
    re.lastIndex = 0;
    for (let m = re.exec(norm); m; m = re.exec(norm)) {
      found(m.index);
      // A cue may start inside the one just found ("as claimed by"): look again from the next character.
      re.lastIndex = m.index + 1;
    }
  }
  const out = new Uint8Array(segments.length);
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    // A sentence that ends inside a word ends a word only for its own regexes: it is tried for every cue.
    if (seg.end < norm.length && seg.end > seg.start && isWordUnit(norm.charCodeAt(seg.end - 1)) && isWordUnit(norm.charCodeAt(seg.end))) {
      out[i] = ALL_CUES;
      continue;
    }
    let mask = seg.start > 0 && isWordUnit(norm.charCodeAt(seg.start - 1)) ? cuesAt(gate, norm, seg.start) : 0;
    for (let k = firstAtOrAfter(at, seg.start); k < at.length && at[k] < seg.end && mask !== ALL_CUES; k++) mask |= kinds[k];
    out[i] = mask;
  }
  return out;
}

/** A character `\b` counts as part of a word. */
const isWordUnit = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/** Known names, title-only mentions, and pronouns resolved to the paragraph's last speaker. */
function mentionsIn(ctx: Context, seg: Segment, lastSpeaker: Speaker | undefined): SpeakerMention[] {
  const named = mentionsOf(ctx, seg);
  let out: SpeakerMention[] | undefined;
  if (lastSpeaker) {
    const re = seg.lang === 'zh' ? PRONOUN_ZH : PRONOUN_EN;
    for (const m of matchesOf(re, ctx.norm.slice(seg.start, seg.end))) {
      const start = seg.start + m.index!;
      const mention = { start, end: start + m[0].length, speaker: lastSpeaker, collective: false };
      if (!(out ?? named).some((o) => overlaps(o, mention))) (out ??= [...named]).push(mention);
    }
  }
  // The shared list is read, never changed: it is handed out as it is when already in order (as it nearly always is).
  if (!out && inOrder(named)) return named;
  return (out ?? [...named]).sort((a, b) => a.start - b.start);
}

/** Whether mentions are in order of their starts (sorting them would keep them as they are). */
function inOrder(mentions: SpeakerMention[]): boolean {
  for (let k = 1; k < mentions.length; k++) if (mentions[k].start < mentions[k - 1].start) return false;
  return true;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/**
 * A reporting frame in the sentence: a speaker shortly before a reporting verb ("Hua Chunying told
 * reporters", "中方认为"), an inverted "said Hua", or an "according to X" / "据X报道" source frame.
 */
function findAttribution(
  ctx: Context,
  seg: Segment,
  text: string,
  mentions: SpeakerMention[],
  verbs: VerbRegexes,
  cues: number,
): Speaker | undefined {
  const zh = seg.lang === 'zh';
  // Most sentences: English, without any cue — only a Chinese position statement could still frame them.
  if (!zh && !cues) return chinesePosition(ctx, text, mentions);
  const hits = zh ? matchesOf(verbs.zh, text) : cues & VERB ? [...matchesOf(verbs.en, text), ...matchesOf(verbs.clausal, text)].sort((a, b) => a.index - b.index) : [];
  // Of all reporting verbs in the sentence, the one with a speaker closest before it wins
  // ("when asked by a reporter…, spokesman Wang Wenbin said:" is Wang's, not the reporter's).
  let best: { speaker: Speaker; gap: number } | undefined;
  const consider = (speaker: Speaker, gap: number) => {
    if (!best || gap < best.gap) best = { speaker, gap };
  };
  for (const m of hits) {
    if (zh ? NOT_SPEECH_ZH.test(text.slice(Math.max(0, m.index! - 1), m.index! + m[0].length + 1)) : notReporting(text, m.index, m[1])) continue;
    const speech = zh || verbs.speech.has(m[1]);
    const at = seg.start + m.index!;
    const end = at + m[0].length;
    const maxGap = zh ? 16 : 70;
    for (const x of mentions) {
      if (x.end > at || at - x.end > maxGap) continue;
      const gap = ctx.norm.slice(x.end, at);
      if (/[.;!?。；！？]/.test(gap) || insideSpan(ctx, x.start, at)) continue;
      // "中国政府被批评…", "台湾被认为是…": who is criticised or considered, not who speaks.
      if (zh && PASSIVE_ZH.test(gap)) continue;
      // "Kelley Currie, US diplomat at the United Nations, told…": an appositive does not separate a name from its verb.
      const appositive = /^\s*,[^,]{0,90},\s*$/.test(gap);
      consider(x.speaker, (appositive ? 1 : at - x.end) + penalty(x));
    }
    if (!zh) {
      // Inverted attribution: "…," said Hua / said R-Fla representative Senator Marco Rubio
      if (/\b(said|says|added|told|wrote|asked)\b/.test(m[0])) {
        for (const x of mentions) {
          if (x.start >= end && x.start - end <= 45 && !/[.;!?"“”]/.test(ctx.norm.slice(end, x.start))) consider(x.speaker, x.start - end + 5 + penalty(x));
        }
      }
      const unknown = speech ? unknownNameBefore(ctx, seg, at) : undefined;
      if (unknown) consider(unknown, 30);
    }
  }
  if (best) return best.speaker;
  const accRe = zh ? verbs.accordingZh : verbs.accordingEn;
  const citations = zh ? (verbs.mayCiteZh(text) ? matchesOf(accRe, text) : []) : cues & SOURCE ? matchesOf(accRe, text) : [];
  for (const m of citations) {
    const at = seg.start + m.index!;
    if (zh) {
      const inside = mentions.find((x) => x.start >= at && x.end <= at + m[0].length);
      if (inside) return inside.speaker;
      const role = roleFromCues(ctx.speakers, m[0]);
      if (role) return { name: m[0], role };
    } else {
      const after = mentions.find((x) => x.start >= at + m[0].length && x.start - (at + m[0].length) <= 25);
      if (after) return after.speaker;
    }
  }
  // "Beijing's position is that…", "中方的立场是…"
  if (cues & POSITION && GENERIC_STATE_EN.test(text) && /\b(is|are|was|holds?)\b\s+(that|:)?|:/.test(text.slice(0, 120))) {
    const s = positionSpeaker(ctx, text, mentions);
    if (s && positionInFirstWords(text)) return s;
  }
  return chinesePosition(ctx, text, mentions);
}

/**
 * 说 and 称 inside words that report no one's speech: 歪理邪说 (heresy), 学说, 小说, 传说, 说明, 说法, 名称, 简称, 称号, 称赞…
 * ("李洪志散布歪理邪说" is the author's sentence, not 李洪志 speaking). Tested on the verb with one character either side.
 */
const NOT_SPEECH_ZH = /(?:邪|学|小|传|演|游|杂|胡|图|解)说|说(?:明|法|服|教|辞)|(?:名|简|俗|统|著|职|堪|号)称|称(?:号|赞|颂|呼|职|谓|作)/;

/**
 * A passive before a Chinese reporting verb, ending where the verb begins: 被 with at most a few characters of an
 * agent or adverb between ("被批评", "被广泛认为", "被人权组织批评": the agent, named after 被, is still the speaker).
 * 的 and 时 end a 被 phrase: "在回答关于被拘留者的问题时表示" and "他被问及此事时表示" are said by whoever is named
 * before them. (受到/遭到 before a noun, "受到国际社会的批评", is left as it was: read as the author's own, such a
 * sentence reads to the register model as the Foreign Ministry's, and an independent review found critical answers
 * turned into `state_echo` by it.)
 */
const PASSIVE_ZH = /被[^，。；：,;:的时]{0,8}$/;

/** "中方的立场是…": the speaker of a sentence that opens on a Chinese statement of the state's position. */
function chinesePosition(ctx: Context, text: string, mentions: SpeakerMention[]): Speaker | undefined {
  if (GENERIC_STATE_ZH.test(text) && /^.{0,12}(立场|观点|看法|说法|表态|叙事|口径)(是|为|：|:)/.test(text)) return positionSpeaker(ctx, text, mentions);
  return undefined;
}

const POSITION_WORD = /position|view|perspective|stance|narrative|account|line|response|explanation/i;

/**
 * Whether a position word starts within the first eight words: what /^(\W*\w+){0,8}\W*(position|…)/i
 * says, without its backtracking. The prefix before a place fits eight (\W*\w+) pieces when it holds at
 * most eight runs of word characters, and that count only grows along the text: the first place a
 * position word starts decides.
 */
export function positionInFirstWords(text: string): boolean {
  const m = POSITION_WORD.exec(text);
  if (!m) return false;
  let runs = 0;
  for (let i = 0; i < m.index; i++) if (isWordUnit(text.charCodeAt(i)) && (i === 0 || !isWordUnit(text.charCodeAt(i - 1)))) runs++;
  return runs <= 8;
}

/** Known people beat organisations, and both beat bare title words ("press", "officials"). */
function penalty(m: SpeakerMention): number {
  return (m.speaker.id ? 0 : 15) + (m.collective ? 10 : 0);
}

/** Whether [from, to) crosses a quotation boundary (a name inside a quote is not the speaker of the frame). */
function insideSpan(ctx: Context, from: number, to: number): boolean {
  const { starts, ends } = quoteIndex(ctx);
  const between = (sorted: number[]) => {
    const i = firstAfter(sorted, from);
    return i < sorted.length && sorted[i] < to;
  };
  return between(starts) || between(ends);
}

/**
 * The spoken quotations of a document, indexed once they are known (after the voice step has marked
 * the terms): their starts and ends sorted, and the running maximum of their ends, for look-ups by
 * binary search instead of a pass over every quotation.
 */
interface QuoteIndex {
  speech: Quote[];
  starts: number[];
  ends: number[];
  maxEnd: number[];
}

const quoteIndexes = new WeakMap<Quote[], QuoteIndex>();

function quoteIndex(ctx: Context): QuoteIndex {
  let index = quoteIndexes.get(ctx.doc.quotes);
  if (!index) {
    const speech = ctx.doc.quotes.filter((q) => !q.term);
    const maxEnd: number[] = [];
    speech.forEach((q, i) => maxEnd.push(Math.max(q.end, i ? maxEnd[i - 1] : -1)));
    index = { speech, starts: speech.map((q) => q.start), ends: speech.map((q) => q.end).sort((a, b) => a - b), maxEnd };
    quoteIndexes.set(ctx.doc.quotes, index);
  }
  return index;
}

/** Index of the first element of a sorted list of offsets (whole numbers) greater than `value`. */
function firstAfter(sorted: number[], value: number): number {
  return firstAtOrAfter(sorted, value + 1);
}

/** An unknown capitalised name just before a reporting verb: "Smith said", "Tursun told the BBC". */
function unknownNameBefore(ctx: Context, seg: Segment, at: number): Speaker | undefined {
  const before = ctx.norm.slice(Math.max(seg.start, at - 60), at);
  const m = before.match(/((?:[A-Z][\p{Ll}'’-]+\s){0,2}[A-Z][\p{Ll}'’-]+)\s*,?\s*$/u);
  if (!m) return undefined;
  const name = m[1];
  if (/^(It|This|That|These|Those|The|He|She|They|We|I|You|Some|Many|Others|Critics|There|Which|What|Who|In|On|As|But|And|However|Also)$/.test(name)) {
    const role = roleFromCues(ctx.speakers, name);
    return role ? { name, role } : undefined;
  }
  const window = ctx.norm.slice(Math.max(seg.start, at - 120), Math.min(seg.end, at + 80));
  return { name, role: roleFromCues(ctx.speakers, window) ?? 'unknown' };
}

/** The speaker of a "…," Hua said. that follows a quotation in the next sentence. */
function attributionAfter(ctx: Context, next: Segment | undefined, verbs: VerbRegexes, cues: number, last: Speaker | undefined): Speaker | undefined {
  if (!next) return undefined;
  const text = ctx.norm.slice(next.start, next.end);
  if (text.length > 80) return undefined;
  return findAttribution(ctx, next, text, mentionsIn(ctx, next, last), verbs, cues);
}

function positionSpeaker(ctx: Context, text: string, mentions: SpeakerMention[]): Speaker | undefined {
  if (mentions.length) return mentions[0].speaker;
  if (GENERIC_STATE_EN.test(text) || GENERIC_STATE_ZH.test(text)) return { name: 'official position', role: 'state_official' };
  const role = roleFromCues(ctx.speakers, text);
  return role ? { name: text.replace(/[#*_:：]/g, '').trim().slice(0, 60), role } : undefined;
}

/** The voice of an offset: inside a spoken quotation it is `quoted`, elsewhere its sentence's voice. */
export function voiceAt(ctx: Context, seg: Segment, start: number, end: number): { voice: Voice; speaker?: Speaker } {
  // The first spoken quotation (in document order) that holds [start, end): among those starting by
  // `start`, the first whose end — and so the running maximum of ends — reaches `end`.
  const { speech, starts, maxEnd } = quoteIndex(ctx);
  const before = firstAfter(starts, start);
  let lo = 0;
  let hi = before;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (maxEnd[mid] >= end) hi = mid;
    else lo = mid + 1;
  }
  const q = lo < before ? speech[lo] : undefined;
  if (q) return { voice: 'quoted', speaker: q.speaker ?? seg.speaker ?? { name: 'unknown', role: 'unknown' } };
  return { voice: seg.voice, speaker: seg.speaker };
}

/**
 * The voice of wording on [start, end): as voiceAt, except that wording ending in a label the author
 * reports ("…labelled it an 'evil cult'", 将其定性为“邪教”) is the labeller's — reported, not the author's.
 */
export function wordingVoiceAt(ctx: Context, seg: Segment, start: number, end: number): { voice: Voice; speaker?: Speaker } {
  const at = voiceAt(ctx, seg, start, end);
  if (at.voice !== 'own') return at;
  const label = labelsOf(ctx).find((l) => l.start >= seg.start && l.start < end && end <= l.end);
  return label ? { voice: 'reported', speaker: label.speaker } : at;
}

/**
 * A finding on [start, end) of a sentence, in the voice of that span; the speaker is kept when the
 * words are someone else's. The shared shape of every positioned finding the steps add.
 */
export function findingAt(ctx: Context, seg: Segment, start: number, end: number, fields: Pick<Finding, 'kind'> & Partial<Finding>, message: (voice: Voice, speaker?: Speaker) => string): Finding {
  // The line's wording (echoes, techniques) inside a reported label is the labeller's; the facts narrated around it stay the author's.
  const { voice, speaker } = fields.kind === 'echo' || fields.kind === 'technique' ? wordingVoiceAt(ctx, seg, start, end) : voiceAt(ctx, seg, start, end);
  const { kind, ...rest } = fields;
  const finding: Finding = { kind, start, end, text: ctx.doc.text.slice(start, end), voice, part: ctx.doc.parts[seg.part].kind, lang: seg.lang, message: message(voice, speaker), ...rest };
  if (speaker && voice !== 'own') finding.speaker = speaker;
  return finding;
}
