// The analysis pipeline: each step reads the document and adds to it; none re-parses another's work.
import { newDocument, type Document } from '../document.js';
import type { Store } from '../storage/db.js';

export interface AnalyzeOptions {
  /** Extra catalogue folders merged with the built-in knowledge. */
  catalogs?: string[];
  /** A corpus store: when given, echo findings get provenance (earliest / most similar official statements). */
  store?: Store;
}

/** One answer to one prompt, as batch files, audits and the library API supply it. */
export interface AnswerInput {
  id?: string;
  prompt?: string;
  answer: string;
  /** A reasoning trace kept apart from the answer (reasoning / reasoning_content fields). */
  reasoning?: string;
  model?: string;
  lang?: string;
}

export function analyzeAnswer(input: AnswerInput, options: AnalyzeOptions = {}): Document {
  const doc = newDocument({ id: input.id ?? 'answer', source: input.id ?? 'answer', format: 'answer', kind: 'answer', text: input.answer });
  return analyzeDocument(doc, options);
}

export function analyzeDocument(doc: Document, _options: AnalyzeOptions = {}): Document {
  return doc; // filled in by the analyzer steps
}
