// Step 3: talking-point echoes. Every sentence is matched against the catalogue's phrasings; each
// match becomes a finding in the voice of the span it lies in, with the author's stance toward it.
import type { Segment, Stance } from '../document.js';
import type { Knowledge } from '../knowledge/load.js';
import { matchPhrasings } from '../knowledge/match.js';
import type { TalkingPoint } from '../knowledge/schema.js';
import { compilePatterns, findInSegments, findPattern, hasPattern, type CompiledPattern, type Context, presentOf } from './context.js';
import { simplify } from './text.js';
import { findingAt } from './voice.js';

/** Framings that name the official version of things: in scare quotes or after "so-called" they are cited, not adopted. */
const CITABLE = new Set(['euphemism', 'praise', 'security', 'legal_justification', 'historical_claim', 'official_sources']);
/**
 * Framings that state facts about one topic (Xinjiang is peaceful, the camps are schools, the crackdown
 * restored order): a phrasing of them that does not name its topic (安居乐业, "people-oriented") is the
 * line only in a text about that topic. Attacks on critics, sovereignty, whataboutism and the like are
 * the same moves whatever the topic, and count anywhere.
 */
const TOPICAL = new Set(['denial', 'euphemism', 'praise', 'security', 'legal_justification', 'historical_claim']);

export function echoStep(ctx: Context): void {
  const { doc, norm } = ctx;
  const satire = satireInDocument(ctx);
  const onTopic = topicContext(ctx);
  for (const seg of doc.segments) {
    for (const m of matchPhrasings(ctx.phrasings, norm, seg.lang, seg.start, seg.end)) {
      const tp = ctx.phrasings.talkingPoints.get(m.talkingPointId)!;
      if (!onTopic(tp, m.phrasing) || stanceLost(ctx, seg, m)) continue;
      const stance: Stance = satire ? 'satirical' : negated(ctx, seg) ? 'negated' : distanced(ctx, m.start, m.end, CITABLE.has(tp.framing)) ? 'distanced' : 'asserted';
      const talkingPoint = { id: tp.id, state: tp.state, topic: tp.topic, claim: tp.claim, framing: tp.framing, phrasing: m.phrasing, score: m.score };
      const finding = findingAt(ctx, seg, m.start, m.end, { kind: 'echo', stance, talkingPoint, weight: tp.weight }, (v, speaker) => describe(v, stance, speaker?.name, tp.claim));
      doc.findings.push(finding);
    }
  }
}

const stanceCache = new WeakMap<Knowledge, Map<string, boolean>>();

/**
 * A loose match that leaves out the phrasing's stance: the phrasing holds a word of denial, dismissal or attack (the
 * `stance` signal: "so-called", "groundless", "no", 所谓, 谎言, 不存在…) and its sentence holds none. The stance is what
 * makes such a phrasing the line; without it the rest is what critics say too ("human rights issues in Xinjiang" for
 * "so-called human rights issues in Xinjiang", 新疆存在强迫劳动 for 新疆不存在强迫劳动).
 */
function stanceLost(ctx: Context, seg: Segment, m: { phrasing: string; score: number }): boolean {
  const p = ctx.signals.get('stance');
  if (m.score >= 1 || !p) return false;
  let byPhrasing = stanceCache.get(ctx.knowledge);
  if (!byPhrasing) stanceCache.set(ctx.knowledge, (byPhrasing = new Map()));
  let holds = byPhrasing.get(m.phrasing);
  if (holds === undefined) byPhrasing.set(m.phrasing, (holds = hasPattern(p, m.phrasing, 0, m.phrasing.length)));
  return holds && !hasPattern(p, ctx.norm, seg.start, seg.end, presentOf(ctx));
}

function describe(voice: string, stance: Stance, speaker: string | undefined, claim: string): string {
  const who = speaker ?? 'an unnamed source';
  if (voice === 'quoted') return `quotes ${who} giving the official line: ${claim}`;
  if (voice === 'reported') return `reports ${who} giving the official line: ${claim}`;
  const how = stance === 'asserted' ? 'asserts' : stance === 'negated' ? 'repeats in order to dispute' : stance === 'distanced' ? 'cites at a distance' : 'mocks';
  return `${how} the official line in its own voice: ${claim}`;
}

/** The sentence disputes what it repeats ("contrary to Beijing's claims", "evidence shows"). */
function negated(ctx: Context, seg: Segment): boolean {
  const p = ctx.signals.get('negation');
  return !!p && hasPattern(p, ctx.norm, seg.start, seg.end, presentOf(ctx));
}

/**
 * The phrase is cited rather than adopted: in scare quotes, or after "so-called", "what Beijing calls",
 * 所谓 (for official names of things), or after "the phrase", "the term", 这一说法 (for any framing).
 */
function distanced(ctx: Context, start: number, end: number, citable: boolean): boolean {
  if (citable && ctx.doc.quotes.some((q) => q.term && q.innerStart <= start + 1 && q.innerEnd >= end - 1)) return true;
  if (inTitle(ctx.norm, start, end)) return true;
  for (const id of citable ? ['distancing', 'mention'] : ['mention']) {
    const p = ctx.signals.get(id);
    if (!p) continue;
    for (const hit of findPattern(p, ctx.norm, Math.max(0, start - 40), start, undefined, presentOf(ctx))) {
      // The cue must lead into the phrase, with at most a quotation mark or a few words between.
      if (/^[\s"“'‘「『]*(?:\S+\s+){0,3}[\s"“'‘「『]*$/u.test(ctx.norm.slice(hit.end, start))) return true;
    }
  }
  // A word for a phrase right after it: "the 'wolf in monk's robes' rhetoric is a smear", "“台湾是中国领土不可分割的一部分”这种
  // 说法". Not where the phrase holds a word of denial or dismissal: "所谓新疆'种族灭绝'的说法是…谎言" is the line naming the
  // critics' claim.
  if (!NAMED_AFTER.test(ctx.norm.slice(end, end + 16))) return false;
  const stance = ctx.signals.get('stance');
  return !stance || !hasPattern(stance, ctx.norm, start, end, presentOf(ctx));
}

/** A noun that names what precedes it as a phrase (after a closing quotation mark or none). */
const NAMED_AFTER = /^[”"’'」』]?\s*(?:(?:rhetoric|label|labels|slogan|slogans|phrase|phrases|term|terms|narrative|narratives|talking points?|trope|tropes|catchphrase|wording|framing)\b|(?:这一|这种|这个|的)?(?:说法|标签|口号|论调|话术|措辞|提法|叙事))/i;

/** The phrase is (part of) the title of a document, treaty or book in 《…》: it names the document. */
function inTitle(norm: string, start: number, end: number): boolean {
  // A title is at most 80 characters long, so only the 80 before the span can open it and the 80 after its opening
  // close it: look there, not back to the start of the text and on to its end for every finding.
  const from = Math.max(0, start - 80);
  const before = norm.slice(from, start + 1);
  const o = before.lastIndexOf('《');
  if (o < 0 || before.lastIndexOf('》') > o) return false;
  const open = from + o;
  const c = norm.slice(open, open + 81).indexOf('》');
  const close = c < 0 ? -1 : open + c;
  return close >= end && close - open <= 80 && !/[。！？\n]/.test(norm.slice(open, close));
}

interface TopicPatterns {
  patterns: Map<string, CompiledPattern>;
  /** Per topic and phrasing: whether the phrasing names its topic. */
  specific: Map<string, boolean>;
}
const topicCache = new WeakMap<Knowledge, TopicPatterns>();

function topicPatterns(knowledge: Knowledge): TopicPatterns {
  let cached = topicCache.get(knowledge);
  if (!cached) {
    cached = { patterns: new Map((knowledge.lexicons.topics ?? []).map((e) => [e.id, compilePatterns(e)])), specific: new Map() };
    topicCache.set(knowledge, cached);
  }
  return cached;
}

/**
 * Whether a match of a talking point's phrasing counts in this document: always when the point's
 * framing travels between topics, when its topic has no names in the catalogue, or when the phrasing
 * names its topic; otherwise only in a text (prompt, title, answer or body) that names the topic.
 * "市民安居乐业" in an answer about Hong Kong is not the Xinjiang line.
 */
function topicContext(ctx: Context): (tp: TalkingPoint, phrasing: string) => boolean {
  const topics = topicPatterns(ctx.knowledge);
  const named = new Map<string, boolean>();
  const { doc, norm } = ctx;
  let prompt: string | undefined;
  const about = (p: CompiledPattern) => {
    prompt ??= simplify(doc.prompt ?? '');
    if (prompt && hasPattern(p, prompt, 0, prompt.length)) return true;
    return doc.parts.some((part) => part.kind !== 'reasoning' && part.kind !== 'boilerplate' && part.kind !== 'meta' && hasPattern(p, norm, part.start, part.end, presentOf(ctx)));
  };
  return (tp, phrasing) => {
    if (!TOPICAL.has(tp.framing)) return true;
    const p = topics.patterns.get(tp.topic);
    if (!p) return true;
    const key = `${tp.topic}\u0000${phrasing}`;
    let specific = topics.specific.get(key);
    if (specific === undefined) topics.specific.set(key, (specific = hasPattern(p, phrasing, 0, phrasing.length)));
    if (specific) return true;
    let on = named.get(tp.topic);
    if (on === undefined) named.set(tp.topic, (on = about(p)));
    return on;
  };
}

/**
 * Satire that imitates the line to mock it: the answer itself must mock — by its devices (irony:
 * mock praise undercut, ironic euphemisms for coercion, sarcasm tags), or by saying it is satire
 * outside a refusal. A prompt that asks for satire only lowers the bar to one device: an answer that
 * declines the satire and praises instead is reverent, not satirical.
 */
function satireInDocument(ctx: Context): boolean {
  const { doc, norm } = ctx;
  const announce = ctx.signals.get('satire');
  const irony = ctx.signals.get('irony');
  const refusal = ctx.signals.get('refusal');
  const prompt = doc.prompt ?? '';
  const requested = !!announce && !!prompt && hasPattern(announce, prompt, 0, prompt.length);
  const inAnswer = (h: { seg: Segment }) => doc.parts[h.seg.part].kind === 'answer';
  for (const { seg, start } of announce ? findInSegments(ctx, announce).filter(inAnswer) : []) {
    if (refusal && hasPattern(refusal, norm, seg.start, seg.end, presentOf(ctx))) continue;
    if (!DECLINED.test(norm.slice(seg.start, start))) return true;
  }
  const devices = irony ? findInSegments(ctx, irony).filter(inAnswer).length : 0;
  return devices >= (requested ? 1 : 2);
}

/** "instead of satire", "I won't write a parody", 不写讽刺: satire named in order to decline it. */
const DECLINED = /(?:\b(?:not|never|no|instead of|rather than|won't|will not|cannot|can't|avoid|decline|without)\b[^.!?]{0,40}|(?:不|无法|没有|拒绝|避免|与其|而非|而不是)[^。！？]{0,15})$/i;
