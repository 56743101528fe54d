// JSON output: the document as the pipeline left it, summary fields first. Offsets are UTF-16 code
// units into `text` (the units JavaScript strings use); schemas/document.schema.json describes it.
import type { Document } from '../document.js';
import { documentSchema } from './schema.js';

export const SCHEMA_VERSION = 1;

export function toJson(doc: Document): Record<string, unknown> {
  const { id, source, format, kind, verdict, reason, decidedBy, lang, model, title, prompt, stats, warnings, ...rest } = doc;
  return { schemaVersion: SCHEMA_VERSION, id, source, format, kind, verdict, reason, decidedBy, lang, model, title, prompt, stats, warnings, ...rest };
}

/** One compact line per document: the batch output format. */
export function toJsonLine(doc: Document): string {
  return JSON.stringify(toJson(doc));
}

export { documentSchema };
