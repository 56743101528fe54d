// What every analysis step receives: the document, its simplified text (same offsets) and the
// compiled knowledge. Knowledge is compiled once per set of catalogues and reused for every document.
import type { Document } from '../document.js';
import { loadKnowledge, type Knowledge, type LoadOptions } from '../knowledge/load.js';
import { buildPhrasingIndex, type PhrasingIndex } from '../knowledge/match.js';
import type { LexiconEntry } from '../knowledge/schema.js';
import { buildSpeakerIndex, type SpeakerIndex } from '../knowledge/speakers.js';

export interface CompiledPattern {
  entry: LexiconEntry;
  /** Per matching language (`en`, `zh`, …): one global regex of the entry's patterns. */
  byLang: Map<string, RegExp>;
}

export interface CompiledKnowledge {
  knowledge: Knowledge;
  phrasings: PhrasingIndex;
  speakers: SpeakerIndex;
  techniques: CompiledPattern[];
  signals: Map<string, CompiledPattern>;
  evidenceTerms: CompiledPattern[];
}

export interface Context extends CompiledKnowledge {
  doc: Document;
  /** The text with Traditional characters simplified; same length and offsets as doc.text. */
  norm: string;
}

/** English patterns match on word boundaries; Chinese and other scripts as written. */
export function compilePatterns(entry: LexiconEntry): CompiledPattern {
  const byLang = new Map<string, RegExp>();
  for (const [lang, patterns] of Object.entries(entry.patterns)) {
    if (!patterns.length) continue;
    const parts = patterns.map((p) => (lang === 'en' ? `(?<![\\p{L}\\p{N}])(?:${p})(?![\\p{L}\\p{N}])` : `(?:${p})`));
    byLang.set(lang, new RegExp(parts.join('|'), 'giu'));
  }
  return { entry, byLang };
}

const cache = new Map<string, CompiledKnowledge>();

export function compileKnowledge(options: LoadOptions = {}): CompiledKnowledge {
  const key = JSON.stringify(options);
  const hit = cache.get(key);
  if (hit) return hit;
  const knowledge = loadKnowledge(options);
  const compiled: CompiledKnowledge = {
    knowledge,
    phrasings: buildPhrasingIndex(knowledge),
    speakers: buildSpeakerIndex(knowledge),
    techniques: (knowledge.lexicons.techniques ?? []).map(compilePatterns),
    signals: new Map((knowledge.lexicons.signals ?? []).map((e) => [e.id, compilePatterns(e)])),
    evidenceTerms: knowledge.evidence.map((ev) =>
      compilePatterns({ id: ev.id, label: ev.title, patterns: escapeAll(ev.keywords), weight: 1 }),
    ),
  };
  cache.set(key, compiled);
  return compiled;
}

function escapeAll(perLang: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(perLang).map(([l, ws]) => [l, ws.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))]));
}

/**
 * Runs a compiled pattern over text[from, to); yields absolute offsets. Every language's patterns run:
 * English patterns only ever match Latin words and Chinese ones Han characters, so mixed-language
 * text is covered without guessing which language each clause is in.
 */
export function* findPattern(p: CompiledPattern, text: string, from: number, to: number): Generator<{ start: number; end: number }> {
  const slice = text.slice(from, to);
  for (const re of p.byLang.values()) {
    re.lastIndex = 0;
    for (const m of slice.matchAll(re)) {
      if (m[0]) yield { start: from + m.index!, end: from + m.index! + m[0].length };
    }
  }
}
