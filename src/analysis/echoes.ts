// Step 3: talking-point echoes. Every sentence is matched against the catalogue's phrasings; each
// match becomes a finding in the voice of the span it lies in, with the author's stance toward it.
import type { Segment, Stance } from '../document.js';
import { matchPhrasings } from '../knowledge/match.js';
import { findPattern, hasPattern, type Context } from './context.js';
import { findingAt } from './voice.js';

/** Framings that name the official version of things: in scare quotes or after "so-called" they are cited, not adopted. */
const CITABLE = new Set(['euphemism', 'praise', 'security', 'legal_justification', 'historical_claim', 'official_sources']);

export function echoStep(ctx: Context): void {
  const { doc, norm } = ctx;
  const satire = satireInDocument(ctx);
  for (const seg of doc.segments) {
    for (const m of matchPhrasings(ctx.phrasings, norm, seg.lang, seg.start, seg.end)) {
      const tp = ctx.phrasings.talkingPoints.get(m.talkingPointId)!;
      const stance: Stance = satire ? 'satirical' : negated(ctx, seg) ? 'negated' : distanced(ctx, m.start, m.end, CITABLE.has(tp.framing)) ? 'distanced' : 'asserted';
      const talkingPoint = { id: tp.id, state: tp.state, topic: tp.topic, claim: tp.claim, framing: tp.framing, phrasing: m.phrasing, score: m.score };
      const finding = findingAt(ctx, seg, m.start, m.end, { kind: 'echo', stance, talkingPoint, weight: tp.weight }, (v, speaker) => describe(v, stance, speaker?.name, tp.claim));
      doc.findings.push(finding);
    }
  }
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
  return !!p && hasPattern(p, ctx.norm, seg.start, seg.end);
}

/**
 * The phrase is cited rather than adopted: in scare quotes, or after "so-called", "what Beijing calls",
 * 所谓 (for official names of things), or after "the phrase", "the term", 这一说法 (for any framing).
 */
function distanced(ctx: Context, start: number, end: number, citable: boolean): boolean {
  if (citable && ctx.doc.quotes.some((q) => q.term && q.innerStart <= start + 1 && q.innerEnd >= end - 1)) return true;
  for (const id of citable ? ['distancing', 'mention'] : ['mention']) {
    const p = ctx.signals.get(id);
    if (!p) continue;
    for (const hit of findPattern(p, ctx.norm, Math.max(0, start - 40), start)) {
      // The cue must lead into the phrase, with at most a quotation mark or a few words between.
      if (/^[\s"“'‘「『]*(?:\S+\s+){0,3}[\s"“'‘「『]*$/u.test(ctx.norm.slice(hit.end, start))) return true;
    }
  }
  return false;
}

/** Satire that imitates the line to mock it: asked for by the prompt, or announced by the answer. */
function satireInDocument(ctx: Context): boolean {
  const p = ctx.signals.get('satire');
  if (!p) return false;
  const prompt = ctx.doc.prompt ?? '';
  if (prompt && hasPattern(p, prompt, 0, prompt.length)) return true;
  return ctx.doc.parts.some((part) => part.kind === 'answer' && hasPattern(p, ctx.norm, part.start, Math.min(part.end, part.start + 400)));
}
