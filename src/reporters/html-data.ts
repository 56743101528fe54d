// The data the HTML views draw from: documents trimmed to what the views show, and only the slice of the
// knowledge catalogue (talking points, evidence, techniques) those documents refer to.
import type { Document, Finding } from '../document.js';
import { formatProblem, loadKnowledge, readKnowledge, type Knowledge, type LoadOptions } from '../knowledge/load.js';

export interface DocumentView {
  id: string;
  source: string;
  format: string;
  kind: Document['kind'];
  title?: string;
  model?: string;
  prompt?: string;
  lang: string;
  text: string;
  parts: Document['parts'];
  segments: { start: number; end: number; voice: string; speaker?: { name: string; role: string } }[];
  findings: Omit<Finding, 'text'>[];
  verdict: Document['verdict'];
  reason: string | null;
  decidedBy: number[];
  stats: Document['stats'];
  warnings: string[];
}

export interface KnowledgeView {
  talkingPoints: Record<
    string,
    { id: string; claim: string; framing: string; topic: string; evidence: string[]; provenance: { date: string; speaker: string; source: string; url: string; quote?: string }[] }
  >;
  evidence: Record<
    string,
    { id: string; title: string; summary: string; date?: string; sources: { publisher: string; date?: string; url?: string; title?: string; document?: string }[] }
  >;
  techniques: Record<string, { id: string; label: string; definition?: string }>;
  /** Set when the catalogue could not be read: the report still renders, without catalogue details. */
  problem?: string;
}

export function documentView(doc: Document): DocumentView {
  return {
    id: doc.id,
    source: doc.source,
    format: doc.format,
    kind: doc.kind,
    title: doc.title,
    model: doc.model,
    prompt: doc.prompt,
    lang: doc.lang,
    text: doc.text,
    parts: doc.parts,
    // Segment and finding texts repeat the document text; the views slice it by offsets instead.
    segments: doc.segments.map((s) => ({ start: s.start, end: s.end, voice: s.voice, speaker: s.speaker && { name: s.speaker.name, role: s.speaker.role } })),
    findings: doc.findings.map(({ text: _text, ...rest }) => rest),
    verdict: doc.verdict,
    reason: doc.reason,
    decidedBy: doc.decidedBy,
    stats: doc.stats,
    warnings: doc.warnings,
  };
}

/** Technique ids as the catalogue writes them (`name_calling`), from either an id or a label ("Name calling / labeling"). */
export function techniqueKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/\s*\/.*$/, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** A catalogue with problems is re-read only when asked for other catalogues (the dashboard asks per answer). */
let fallback: { key: string; read: ReturnType<typeof readKnowledge> } | undefined;

export function knowledgeView(docs: { findings: Pick<Finding, 'talkingPoint' | 'evidence'>[] }[], options: LoadOptions = {}): KnowledgeView {
  const view: KnowledgeView = { talkingPoints: {}, evidence: {}, techniques: {} };
  let knowledge: Knowledge;
  try {
    knowledge = loadKnowledge(options);
  } catch (error) {
    // A broken entry elsewhere in the catalogue should not hide the entries that did validate.
    const key = JSON.stringify(options);
    if (fallback?.key !== key) fallback = { key, read: readKnowledge(options) };
    const read = fallback.read;
    knowledge = read.knowledge;
    const first = read.problems[0] ? formatProblem(read.problems[0]) : error instanceof Error ? error.message.split('\n')[0] : String(error);
    view.problem = `The knowledge catalogue has problems (${read.problems.length}); details may be missing. First: ${first}`;
  }
  const wantedPoints = new Set<string>();
  const wantedEvidence = new Set<string>();
  for (const doc of docs) {
    for (const f of doc.findings) {
      if (f.talkingPoint) wantedPoints.add(f.talkingPoint.id);
      if (f.evidence) wantedEvidence.add(f.evidence.id);
    }
  }
  for (const tp of knowledge.talkingPoints) {
    if (!wantedPoints.has(tp.id)) continue;
    view.talkingPoints[tp.id] = { id: tp.id, claim: tp.claim, framing: tp.framing, topic: tp.topic, evidence: tp.evidence, provenance: tp.provenance };
    for (const id of tp.evidence) wantedEvidence.add(id);
  }
  for (const ev of knowledge.evidence) {
    if (!wantedEvidence.has(ev.id)) continue;
    view.evidence[ev.id] = { id: ev.id, title: ev.title, summary: ev.summary, date: ev.date, sources: ev.sources };
  }
  // Techniques are few: ship them all, keyed both by id and by the key of their label.
  for (const t of knowledge.lexicons.techniques ?? []) {
    const entry = { id: t.id, label: t.label, definition: t.definition };
    view.techniques[t.id] = entry;
    view.techniques[techniqueKey(t.label)] = entry;
  }
  return view;
}
