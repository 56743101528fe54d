// Provenance for echo findings: which official statements a sentence echoes, the earliest of them,
// and how often the corpus repeats the phrasing.
import type { Document, ProvenanceRef, StatementRef } from '../document.js';
import type { Sql } from '../storage/sql.js';
import { hasCorpus } from './schema.js';
import { tracerFor, type TraceMatch, type Tracer } from './trace.js';

/**
 * A statement repeats a phrasing when it is more likely than not the statement the phrasing echoes
 * (calibrated score, see calibration.ts); weaker matches can still be the most similar one.
 */
export const REPEAT_THRESHOLD = 0.5;
/** The most statements kept per phrasing (each search weighs 40 candidate sentences per language). */
const CANDIDATES = 100;
const CACHE_SIZE = 500;

// Keyed by tracer: a new ingest makes a new tracer, which starts with an empty cache.
const caches = new WeakMap<Tracer, Map<string, ProvenanceRef>>();

/** Sets `provenance` on every echo finding of the document (no-op when the store holds no corpus). */
export async function attachProvenance(doc: Document, sql: Sql): Promise<void> {
  if (!doc.findings.some((f) => f.kind === 'echo')) return;
  if (!(await hasCorpus(sql))) return;
  const tracer = await tracerFor(sql);
  let cache = caches.get(tracer);
  if (!cache) caches.set(tracer, (cache = new Map()));
  for (const finding of doc.findings) {
    if (finding.kind !== 'echo') continue;
    const queries = [finding.text, finding.talkingPoint?.phrasing].filter((q): q is string => !!q && q.trim().length > 0);
    const key = queries.join('\u0001');
    let ref = cache.get(key);
    if (!ref) {
      ref = await provenanceFrom(tracer, queries);
      if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(key, ref);
    }
    finding.provenance = ref;
  }
}

/** Provenance of one or more phrasings of the same claim: the best score per statement across them. */
export async function provenanceOf(sql: Sql, queries: string[]): Promise<ProvenanceRef> {
  return provenanceFrom(await tracerFor(sql), queries);
}

async function provenanceFrom(tracer: Tracer, queries: string[]): Promise<ProvenanceRef> {
  const best = new Map<number, TraceMatch>();
  for (const q of queries) {
    for (const m of await tracer.trace(q, { limit: CANDIDATES })) {
      const prev = best.get(m.statementId);
      if (!prev || m.score > prev.score) best.set(m.statementId, m);
    }
  }
  const ranked = [...best.values()].sort((a, b) => b.score - a.score);
  const repeats = ranked.filter((m) => m.score >= REPEAT_THRESHOLD);
  const earliest = repeats.filter((m) => m.date).sort((a, b) => a.date!.localeCompare(b.date!))[0];
  return {
    mostSimilar: ranked[0] ? toRef(ranked[0]) : undefined,
    earliest: earliest ? toRef(earliest) : undefined,
    repeats: repeats.length,
  };
}

function toRef(m: TraceMatch): StatementRef {
  return { id: m.statementId, date: m.date, speaker: m.speaker, url: m.url, lang: m.lang, text: m.text, score: m.score };
}
