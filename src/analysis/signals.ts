// Step 5: refusal and deflection signals, a model writing as the state ("our country", 我国),
// mentions of documented evidence, and who is quoted or mentioned (speakers with roles).
import type { Finding, Segment } from '../document.js';
import { findSpeakerMentions } from '../knowledge/speakers.js';
import { findPattern, type CompiledPattern, type Context } from './context.js';
import { voiceAt } from './voice.js';

export function signalStep(ctx: Context): void {
  const { doc } = ctx;
  for (const seg of doc.segments) {
    for (const id of ['refusal', 'deflection', 'speaks_as_state'] as const) {
      const p = ctx.signals.get(id);
      if (p) addHits(ctx, seg, p, id);
    }
    for (const ev of ctx.evidenceTerms) addHits(ctx, seg, ev, 'evidence');
    addSpeakers(ctx, seg);
  }
}

function addHits(ctx: Context, seg: Segment, p: CompiledPattern, kind: 'refusal' | 'deflection' | 'speaks_as_state' | 'evidence'): void {
  const { doc, norm } = ctx;
  let last = -1;
  for (const hit of findPattern(p, norm, seg.start, seg.end)) {
    if (hit.start < last) continue;
    last = hit.end;
    const { voice, speaker } = voiceAt(ctx, seg, hit.start, hit.end);
    // "We firmly oppose…" inside Hua Chunying's quotation is her voice, not a model speaking as the state.
    if (kind === 'speaks_as_state' && voice !== 'own') continue;
    const finding: Finding = {
      kind,
      start: hit.start,
      end: hit.end,
      text: doc.text.slice(hit.start, hit.end),
      voice,
      part: doc.parts[seg.part].kind,
      lang: seg.lang,
      weight: p.entry.weight,
      message: kind === 'evidence' ? `refers to documented evidence: ${p.entry.label}` : p.entry.label,
    };
    if (kind === 'evidence') finding.evidence = { id: p.entry.id, title: p.entry.label };
    if (speaker && voice !== 'own') finding.speaker = speaker;
    doc.findings.push(finding);
  }
}

/** Speakers quoted, reported or mentioned, with their roles: the attribution layer of the report. */
function addSpeakers(ctx: Context, seg: Segment): void {
  const { doc } = ctx;
  const part = doc.parts[seg.part].kind;
  for (const m of findSpeakerMentions(ctx.speakers, ctx.norm, seg.start, seg.end)) {
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
