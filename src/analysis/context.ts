// What every analysis step receives: the document, its simplified text (same offsets) and the
// compiled knowledge. Knowledge is compiled once per set of catalogues and reused for every document.
import type { Document, Segment, Speaker } from '../document.js';
import { compileVerbs, type VerbRegexes } from './cues.js';
import { countHan, isHan, matchesOf, skipEmptyMatch } from './text.js';
import { isAsciiLetter, leadingLiterals, requiredLiterals, requiredRun, startsWithWordChar } from './literals.js';
import { LiteralSet } from './literal-set.js';
import { firstAtOrAfter, PhraseFinder, wordStarts, type WordStarts } from '../knowledge/phrases.js';
import { loadKnowledge, type Knowledge, type LoadOptions } from '../knowledge/load.js';
import { buildPhrasingIndex, type PhrasingIndex } from '../knowledge/match.js';
import type { LexiconEntry } from '../knowledge/schema.js';
import { registerModel, type RegisterModel } from '../knowledge/register.js';
import { buildSpeakerIndex, findCueMentions, findSpeakerMentions, type SpeakerIndex, type SpeakerMention } from '../knowledge/speakers.js';

export interface CompiledPattern {
  entry: LexiconEntry;
  /** Per matching language (`en`, `zh`, …): one global regex of the entry's patterns. */
  byLang: Map<string, RegExp>;
  /**
   * The script a regex cannot match without, when every one of its patterns needs a letter of it
   * (English patterns an ASCII letter, Chinese ones a Han character): a document without any such
   * letter skips the regex.
   */
  needs: Map<RegExp, 'latin' | 'han'>;
  /**
   * Faster twins of English regexes: `\b` in place of the leading lookbehind, which V8 runs much
   * faster. Where every match starts with a letter or digit the two agree on text without
   * underscores (which `\b` counts as letters); text with underscores gets the original.
   */
  fast: Map<RegExp, RegExp>;
  /**
   * Per regex, literals at least one of which every match contains (lower case; see requiredLiterals),
   * and their ids in the knowledge's literal set: a document with none of them skips the regex.
   */
  gates: Map<RegExp, string[]>;
  gateIds?: Map<RegExp, number[]>;
  /**
   * Per English regex, literals one of which every match begins with (see leadingLiterals), and their ids in the
   * literal set: the regex is tried only where they occur, not run over the whole text (findPattern).
   */
  leads: Map<RegExp, string[]>;
  /** Per regex with leading literals: by literal id, 1 for its leading literals. */
  leadIds?: Map<RegExp, Uint8Array>;
}

export interface CompiledKnowledge {
  knowledge: Knowledge;
  phrasings: PhrasingIndex;
  speakers: SpeakerIndex;
  techniques: CompiledPattern[];
  signals: Map<string, CompiledPattern>;
  /** Evidence keywords (literal, case-insensitive) → the evidence entry they point to. */
  evidenceTerms: PhraseFinder<{ id: string; title: string }>;
  /**
   * Names of a state's people, bodies and places → the state (from the gazetteer, and the glossary's
   * places, euphemisms and bodies by their `state`, CN where none is given). An echo of a state's line
   * needs the text to be about that state.
   */
  stateContext: PhraseFinder<string>;
  /** The names of a state's people and bodies alone (no places) → the state. */
  stateActors: PhraseFinder<string>;
  /**
   * The people, movements and groups of a state's contested topics (the glossary's `about`: the Dalai Lama, Falun
   * Gong, 刘晓波) → the state: a text that names them is about that state's line, though not yet about the state itself.
   */
  topicNames: PhraseFinder<string>;
  /** The learned model of the official register (null when its file is missing). */
  register: RegisterModel | null;
  /** Every regex gate's literals and leading literals, found in a document in one pass (see CompiledPattern.gates, leads). */
  literals: LiteralSet;
  /** By literal id: 1 for leading literals, whose occurrences are noted. */
  leading: Uint8Array;
  /** The voice step's regexes (see cues.ts). */
  verbs: VerbRegexes;
  /** Regexes other than the lexicons' whose leading literals the literal pass notes: by literal id, 1 for theirs. */
  regexLeads: Map<RegExp, Uint8Array>;
}

export interface Context extends CompiledKnowledge {
  doc: Document;
  /** The text with Traditional characters simplified; same length and offsets as doc.text. */
  norm: string;
  /** Speakers named in each sentence (known names, then title words), found once and shared by the steps. */
  mentions: Map<Segment, SpeakerMention[]>;
  scripts?: Scripts;
  /** Own-voice sentences the register model judged, with their scores (set by the register step). */
  registerScores?: Map<Segment, number>;
  /** Where words start in `norm`, for the phrase finders (see wordsOf). */
  words?: WordStarts;
  /** Which gate literals the document holds, and where leading literals occur (see presentOf). */
  present?: DocumentLiterals;
  /**
   * Labels the author reports someone giving ("the Party labelled it an 'evil cult'", 将其定性为“邪教”,
   * 以“分裂国家罪”): the labeller's words inside the author's narration (worked out by voice.ts when a wording
   * is first judged).
   */
  labels?: ReportedLabel[];
  /** States the prompt or the answer names (see statesNamed in verdict.ts), found once. */
  statesNamed?: Set<string>;
  /**
   * States whose topics the prompt or the answer names by their people, movements and groups (see topicNames), and
   * those the prompt names, found once.
   */
  statesAbout?: { all: Set<string>; inPrompt: Set<string> };
}

/**
 * A document's context: the knowledge's fields and the document's, in one object of one shape. Spelt out, not
 * spread (`{ ...knowledge, doc }`): V8 gives an object that was spread and then extended a hidden class of its own,
 * so each document made about fifteen new hidden classes, each with its own copy of some thirty property
 * descriptors. They filled the old generation (peak memory grew with the batch) and made the steps' reads of
 * the context megamorphic. The optional fields start undefined so that setting them later keeps the shape.
 */
export function newContext(k: CompiledKnowledge, doc: Document, norm: string): Context {
  return {
    knowledge: k.knowledge,
    phrasings: k.phrasings,
    speakers: k.speakers,
    techniques: k.techniques,
    signals: k.signals,
    evidenceTerms: k.evidenceTerms,
    stateContext: k.stateContext,
    stateActors: k.stateActors,
    topicNames: k.topicNames,
    register: k.register,
    literals: k.literals,
    leading: k.leading,
    verbs: k.verbs,
    regexLeads: k.regexLeads,
    doc,
    norm,
    mentions: new Map(),
    scripts: undefined,
    registerScores: undefined,
    words: undefined,
    present: undefined,
    labels: undefined,
    statesNamed: undefined,
    statesAbout: undefined,
  };
}

/** A label in the author's narration of what someone called something: [start, end) is reported speech. */
export interface ReportedLabel {
  start: number;
  end: number;
  speaker: Speaker;
}

/** What the literal set found in a document's text (presentOf). */
export interface DocumentLiterals {
  /** The text it was found in: offsets are into it, and a search of any other text ignores them. */
  text: string;
  /** By literal id: 1 where the literal occurs. */
  flags: Uint8Array;
  /** Occurrences of leading literals: pairs of literal id, offset where it begins. */
  hits: Int32Array;
  /** Per regex with leading literals: the offsets where a match may begin, ascending (made on first use). */
  starts: Map<RegExp, Int32Array>;
}

/** Whether a text has any ASCII letter, any Han character. */
export interface Scripts {
  latin: boolean;
  han: boolean;
}

/** English patterns match on word boundaries; Chinese and other scripts as written. */
export function compilePatterns(entry: LexiconEntry): CompiledPattern {
  const byLang = new Map<string, RegExp>();
  const needs = new Map<RegExp, 'latin' | 'han'>();
  const fast = new Map<RegExp, RegExp>();
  const gates = new Map<RegExp, string[]>();
  const leads = new Map<RegExp, string[]>();
  for (const [lang, patterns] of Object.entries(entry.patterns)) {
    if (!patterns.length) continue;
    // English patterns are ASCII: plain word boundaries without the `u` flag keep V8's fast paths.
    const re =
      lang === 'en'
        ? new RegExp(`(?<![A-Za-z0-9])(?:${patterns.join('|')})(?![A-Za-z0-9])`, 'gi')
        : new RegExp(patterns.map((p) => `(?:${p})`).join('|'), 'giu');
    byLang.set(lang, re);
    if (lang === 'en' && patterns.every(startsWithWordChar)) fast.set(re, new RegExp(`\\b(?:${patterns.join('|')})(?![A-Za-z0-9])`, 'gi'));
    if (lang === 'en' && patterns.every((p) => requiredRun(p, isAsciiLetter))) needs.set(re, 'latin');
    if (lang.startsWith('zh') && patterns.every((p) => requiredRun(p, isHan))) needs.set(re, 'han');
    const literals = patterns.map(requiredLiterals);
    if (literals.every((l) => l !== undefined)) gates.set(re, [...new Set(literals.flat() as string[])]);
    const leading = lang === 'en' ? patterns.map(leadingLiterals) : [];
    if (leading.length && leading.every((l) => l !== undefined)) leads.set(re, [...new Set(leading.flat() as string[])]);
  }
  return { entry, byLang, needs, fast, gates, leads };
}

const cache = new Map<string, CompiledKnowledge>();

export function compileKnowledge(options: LoadOptions = {}): CompiledKnowledge {
  const key = JSON.stringify(options);
  const hit = cache.get(key);
  if (hit) return hit;
  const knowledge = loadKnowledge(options);
  const stateActors = knowledge.speakers.filter((sp) => sp.state).flatMap((sp) => [sp.name, ...sp.aliases, ...Object.values(sp.names).flat()].map((n): [string, string] => [n, sp.state!]));
  const compiled: CompiledKnowledge = {
    knowledge,
    phrasings: buildPhrasingIndex(knowledge),
    speakers: buildSpeakerIndex(knowledge),
    techniques: (knowledge.lexicons.techniques ?? []).map(compilePatterns),
    signals: new Map((knowledge.lexicons.signals ?? []).map((e) => [e.id, compilePatterns(e)])),
    evidenceTerms: new PhraseFinder(
      knowledge.evidence.flatMap((ev) => Object.values(ev.keywords).flat().map((k): [string, { id: string; title: string }] => [k, { id: ev.id, title: ev.title }])),
      true,
    ),
    stateContext: new PhraseFinder([
      ...stateActors,
      ...knowledge.glossary.filter((g) => g.state || g.kind === 'place' || g.kind === 'euphemism').flatMap((g) => [...g.en, ...g.zh].map((n): [string, string] => [n, g.state ?? 'CN'])),
    ]),
    stateActors: new PhraseFinder(stateActors),
    topicNames: new PhraseFinder(knowledge.glossary.filter((g) => g.about).flatMap((g) => [...g.en, ...g.zh].map((n): [string, string] => [n, g.about!]))),
    register: registerModel(),
    literals: new LiteralSet([]),
    leading: new Uint8Array(0),
    verbs: compileVerbs(knowledge),
    regexLeads: new Map(),
  };
  const { gate } = compiled.verbs;
  Object.assign(compiled, gateLiterals([...compiled.techniques, ...compiled.signals.values()], gate.leads ? new Map([[gate.starts, gate.leads]]) : new Map()));
  cache.set(key, compiled);
  return compiled;
}

/** Numbers the gate and leading literals of the patterns (and the leading literals of other regexes) and builds the set that finds them. */
function gateLiterals(patterns: CompiledPattern[], otherLeads: Map<RegExp, string[]>): Pick<CompiledKnowledge, 'literals' | 'leading' | 'regexLeads'> {
  const ids = new Map<string, number>();
  const idOf = (l: string) => {
    let id = ids.get(l);
    if (id === undefined) ids.set(l, (id = ids.size));
    return id;
  };
  const numbered = (byRegex: Map<RegExp, string[]>) => new Map([...byRegex].map(([re, literals]) => [re, literals.map(idOf)]));
  for (const p of patterns) p.gateIds = numbered(p.gates);
  const leadIds = patterns.map((p) => numbered(p.leads));
  const otherIds = numbered(otherLeads);
  const flags = (list: number[]) => {
    const f = new Uint8Array(ids.size);
    for (const id of list) f[id] = 1;
    return f;
  };
  const flagged = (byRegex: Map<RegExp, number[]>) => new Map([...byRegex].map(([re, list]) => [re, flags(list)]));
  patterns.forEach((p, i) => (p.leadIds = flagged(leadIds[i])));
  const leading = flags([...leadIds, otherIds].flatMap((m) => [...m.values()].flat()));
  return { literals: new LiteralSet([...ids.keys()]), leading, regexLeads: flagged(otherIds) };
}

/** The literals of the document's text, found on first use. */
export function presentOf(ctx: Context): DocumentLiterals {
  if (!ctx.present) {
    const { flags, hits } = ctx.literals.scan(ctx.norm, ctx.leading);
    ctx.present = { text: ctx.norm, flags, hits, starts: new Map() };
  }
  return ctx.present;
}

/** Whether a regex of a pattern cannot match in a document: none of its gate literals occurs there. */
function gatedOut(p: CompiledPattern, re: RegExp, present: DocumentLiterals | undefined): boolean {
  const ids = present && p.gateIds?.get(re);
  if (!ids) return false;
  for (const id of ids) if (present.flags[id]) return false;
  return true;
}

/**
 * Where in the document a match of a regex with leading literals may begin: ascending offsets (repeats are passed
 * over in matchesAt).
 */
function startsOf(p: CompiledPattern, re: RegExp, present: DocumentLiterals): Int32Array | undefined {
  const wanted = p.leadIds?.get(re);
  return wanted && leadOffsets(re, wanted, present);
}

/**
 * Where in the document's own text (ctx.norm) a match of one of the regexes in regexLeads may begin: ascending
 * offsets, some repeated; undefined for a regex without leading literals.
 */
export function regexStarts(ctx: Context, re: RegExp): Int32Array | undefined {
  const wanted = ctx.regexLeads.get(re);
  return wanted && leadOffsets(re, wanted, presentOf(ctx));
}

/** The offsets where the literals flagged in `wanted` begin, sorted, found once per regex and document. */
function leadOffsets(re: RegExp, wanted: Uint8Array, present: DocumentLiterals): Int32Array {
  let starts = present.starts.get(re);
  if (!starts) {
    const { hits } = present;
    if (gathered.length < hits.length >> 1) gathered = new Int32Array(hits.length >> 1);
    // Hits come in the order their literals end, so the starts are nearly always in order already.
    let n = 0;
    let sorted = true;
    for (let k = 0; k < hits.length; k += 2) {
      if (!wanted[hits[k]]) continue;
      const at = hits[k + 1];
      if (n > 0 && at < gathered[n - 1]) sorted = false;
      gathered[n++] = at;
    }
    starts = gathered.slice(0, n);
    if (!sorted) starts.sort(); // repeats (two literals beginning at one offset) are passed over in matchesAt
    present.starts.set(re, starts);
  }
  return starts;
}
/** leadOffsets' buffer, kept from call to call. */
let gathered = new Int32Array(1024);

const isAsciiAlnum = (c: number) => (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 122);

/** A sticky twin of a regex: tried at one offset only. */
const stickyTwins = new WeakMap<RegExp, RegExp>();
export function stickyOf(re: RegExp): RegExp {
  let twin = stickyTwins.get(re);
  if (!twin) stickyTwins.set(re, (twin = new RegExp(re.source, re.flags.replace('g', '') + 'y')));
  return twin;
}

/**
 * The matches of an English regex in text[from, to) (a slice of the document, `slice`), as matchesOf gives them,
 * trying it only at `starts` (offsets in the document where its matches may begin) that do not follow a letter or
 * digit: a search from any other offset would find the same match at one of them, so the matches are the same,
 * for a fraction of the work.
 */
function matchesAt(re: RegExp, slice: string, from: number, starts: Int32Array, visit: (index: number, length: number) => boolean | void): void {
  const sticky = stickyOf(re);
  let next = 0;
  // The first offset at or after the slice (sentence by sentence, most of the document's offsets lie elsewhere).
  const lo = firstAtOrAfter(starts, from);
  for (let k = lo; k < starts.length; k++) {
    const at = starts[k] - from;
    if (at < next || (k > lo && starts[k] === starts[k - 1])) continue;
    if (at >= slice.length) break;
    // English regexes begin with (?<![A-Za-z0-9]) (or \b before a letter): no match begins inside a word.
    if (at > 0 && isAsciiAlnum(slice.charCodeAt(at - 1))) continue;
    sticky.lastIndex = at;
    const m = sticky.exec(slice);
    if (!m) continue;
    if (visit(at, m[0].length)) return; // enough
    next = at + (m[0].length || 1);
  }
}

/**
 * Runs a compiled pattern over text[from, to); yields absolute offsets. Every language's patterns run:
 * English patterns only ever match Latin words and Chinese ones Han characters, so mixed-language
 * text is covered without guessing which language each clause is in.
 */
export function findPattern(p: CompiledPattern, text: string, from: number, to: number, scripts?: Scripts, present?: DocumentLiterals): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let slice: string | undefined;
  for (const re of p.byLang.values()) {
    const needed = scripts && p.needs.get(re);
    if ((needed && !scripts[needed]) || gatedOut(p, re, present)) continue;
    slice ??= text.slice(from, to);
    const starts = present?.text === text ? startsOf(p, re, present) : undefined;
    if (starts) matchesAt(regexFor(p, re, slice), slice, from, starts, (at, length) => void (length && out.push({ start: from + at, end: from + at + length })));
    else for (const m of matchesOf(regexFor(p, re, slice), slice)) if (m[0]) out.push({ start: from + m.index, end: from + m.index + m[0].length });
  }
  return out;
}

/** The regex to run on a text: the faster twin where it gives the same matches. */
function regexFor(p: CompiledPattern, re: RegExp, text: string): RegExp {
  const twin = p.fast.get(re);
  return twin && !text.includes('_') ? twin : re;
}

/**
 * Whether a compiled pattern matches anywhere in text[from, to). `present` (presentOf, for the
 * document's own text) lets regexes whose literals the document lacks be skipped, and the others be tried only
 * where their leading literals begin.
 */
export function hasPattern(p: CompiledPattern, text: string, from: number, to: number, present?: DocumentLiterals): boolean {
  let slice: string | undefined;
  for (const re of p.byLang.values()) {
    if (gatedOut(p, re, present)) continue;
    slice ??= text.slice(from, to);
    const starts = present?.text === text ? startsOf(p, re, present) : undefined;
    if (starts) {
      let found = false;
      matchesAt(regexFor(p, re, slice), slice, from, starts, (_, length) => (found = length > 0));
      if (found) return true;
      continue;
    }
    const r = regexFor(p, re, slice);
    r.lastIndex = 0;
    for (let m = r.exec(slice); m; m = r.exec(slice)) {
      if (m[0]) return true;
      skipEmptyMatch(r, slice);
    }
  }
  return false;
}

/** Every hit of a pattern in the analysed sentences, each with the sentence it starts in. */
export function findInSegments(ctx: Context, p: CompiledPattern): { start: number; end: number; seg: Segment }[] {
  const { segments } = ctx.doc;
  const out: { start: number; end: number; seg: Segment }[] = [];
  // One scan per run of consecutive sentences, not one per sentence.
  let runStart = 0;
  for (let i = 1; i <= segments.length; i++) {
    if (i < segments.length && segments[i].part === segments[runStart].part) continue;
    const from = segments[runStart].start;
    const to = segments[i - 1].end;
    for (const hit of findPattern(p, ctx.norm, from, to, scriptsOf(ctx), presentOf(ctx))) {
      const seg = segmentAt(segments, hit.start, runStart, i);
      if (seg && hit.end <= seg.end + 1) out.push({ start: hit.start, end: hit.end, seg });
    }
    runStart = i;
  }
  return out;
}

/** Where words start in the document, worked out once and shared by every phrase finder. */
export function wordsOf(ctx: Context): WordStarts {
  return (ctx.words ??= wordStarts(ctx.norm));
}

/** Which scripts the document has letters of, worked out on first use. */
function scriptsOf(ctx: Context): Scripts {
  return (ctx.scripts ??= { latin: /[A-Za-z]/.test(ctx.norm), han: countHan(ctx.norm, 1) > 0 });
}

/** The sentence containing an offset (binary search over sentences in [lo, hi)). */
export function segmentAt(segments: Segment[], offset: number, lo = 0, hi = segments.length): Segment | undefined {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  const seg = segments[lo];
  return seg && seg.start <= offset && offset < seg.end ? seg : undefined;
}

/** Known speakers and title-only mentions in a sentence, computed once per sentence. */
export function mentionsOf(ctx: Context, seg: Segment): SpeakerMention[] {
  let found = ctx.mentions.get(seg);
  if (!found) {
    const known = findSpeakerMentions(ctx.speakers, ctx.norm, seg.start, seg.end, wordsOf(ctx));
    const cues = findCueMentions(ctx.speakers, ctx.norm, seg.start, seg.end, wordsOf(ctx));
    // Each list is in order already; most sentences have neither, and few have both.
    found = !cues.length ? known : !known.length ? cues : [...known, ...cues.filter((c) => !known.some((k) => k.start < c.end && c.start < k.end))].sort((a, b) => a.start - b.start);
    ctx.mentions.set(seg, found);
  }
  return found;
}
