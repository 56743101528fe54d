// Step 5: refusal and deflection signals, a model writing as the state ("our country", 我国),
// mentions of documented evidence, and who is quoted or mentioned (speakers with roles).
import type { Segment } from '../document.js';
import { findInSegments, mentionsOf, segmentAt, wordsOf, type Context } from './context.js';
import { statesInContext, statesNamed } from './verdict.js';
import { findingAt, voiceAt } from './voice.js';

type SignalKind = 'refusal' | 'deflection' | 'speaks_as_state' | 'evidence' | 'substance' | 'first_person';

export function signalStep(ctx: Context): void {
  const { doc } = ctx;
  for (const id of ['refusal', 'deflection', 'speaks_as_state', 'substance', 'first_person'] as const) {
    const p = ctx.signals.get(id);
    if (!p) continue;
    let last = -1;
    let otherState: boolean | undefined;
    for (const { seg, ...hit } of findInSegments(ctx, p)) {
      if (hit.start < last) continue;
      // Writing as a state is writing as the state the text is about: "our people" in a text about the
      // EU's founders (naming states, none of them one whose line the catalogue holds) is theirs.
      if (id === 'speaks_as_state' && (otherState ??= statesInContext(ctx).size === 0 && statesNamed(ctx).size > 0)) break;
      last = hit.end;
      add(ctx, seg, hit, id, p.entry.label, p.entry.weight);
    }
  }
  const parts = new Set(doc.segments.map((s) => s.part));
  for (const part of parts) {
    const segs = doc.segments.filter((s) => s.part === part);
    for (const hit of ctx.evidenceTerms.find(ctx.norm, segs[0].start, segs[segs.length - 1].end, wordsOf(ctx))) {
      const seg = segmentAt(doc.segments, hit.start);
      if (seg) add(ctx, seg, hit, 'evidence', `refers to documented evidence: ${hit.value.title}`, 1, hit.value);
    }
  }
  for (const seg of doc.segments) addSpeakers(ctx, seg);
}

function add(ctx: Context, seg: Segment, hit: { start: number; end: number }, kind: SignalKind, message: string, weight: number, evidence?: { id: string; title: string }): void {
  const finding = findingAt(ctx, seg, hit.start, hit.end, evidence ? { kind, weight, evidence } : { kind, weight }, () => message);
  // "We firmly oppose…" inside Hua Chunying's quotation is her voice, not a model speaking as the state.
  if (kind === 'speaks_as_state' && finding.voice !== 'own') return;
  ctx.doc.findings.push(finding);
}

/** Speakers quoted, reported or mentioned, with their roles: the attribution layer of the report. */
function addSpeakers(ctx: Context, seg: Segment): void {
  const { doc } = ctx;
  const part = doc.parts[seg.part].kind;
  for (const m of mentionsOf(ctx, seg)) {
    if (!m.speaker.id) continue; // title words alone ("officials") are not named speakers
    if (m.collective && seg.voice === 'own') continue; // "China" in a sentence is not a speaker by itself
    const { voice } = voiceAt(ctx, seg, m.start, m.end);
    doc.findings.push({
      kind: 'speaker',
      start: m.start,
      end: m.end,
      text: doc.text.slice(m.start, m.end),
      voice,
      part,
      lang: seg.lang,
      speaker: m.speaker,
      message: `${m.speaker.name} (${m.speaker.role.replace('_', ' ')})`,
    });
  }
  if (seg.voice !== 'own' && seg.speaker && seg.speaker.role !== 'unknown') {
    doc.findings.push({
      kind: 'attribution',
      start: seg.start,
      end: seg.end,
      text: seg.text,
      voice: seg.voice,
      part,
      lang: seg.lang,
      speaker: seg.speaker,
      message: `${seg.voice} from ${seg.speaker.name} (${seg.speaker.role.replace('_', ' ')})`,
    });
  }
}
