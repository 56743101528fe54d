// JSON output: the document as the pipeline left it, minus nothing. Offsets are UTF-16 code units
// into `text` (the same units JavaScript strings use); see schemas/document.schema.json.
import type { Document } from '../document.js';

export const SCHEMA_VERSION = 1;

export function toJson(doc: Document): Record<string, unknown> {
  return { schemaVersion: SCHEMA_VERSION, ...doc };
}

/** One compact line per document: the batch output format, stable field order. */
export function toJsonLine(doc: Document): string {
  return JSON.stringify(toJson(doc));
}
