// CSV for spreadsheets: every cell is data. Text from answers, models and catalogues may start like a formula or
// carry control characters; cells are neutralised and quoted as RFC 4180 asks.
import type { Document } from '../document.js';
import { safeText } from './terminal-safe.js';

/**
 * A cell a spreadsheet reads as data: text starting with = + - @ (or their full-width forms, a tab or a carriage
 * return) would run as a formula (=HYPERLINK, =WEBSERVICE, DDE), so it gets a leading apostrophe; control
 * characters become visible escapes. Numbers are written as they are.
 */
export function csvCell(v: string | number): string {
  if (typeof v === 'number') return String(v);
  let s = safeText(v);
  if (/^(\s*[=+\-@\uff1d\uff0b\uff0d\uff20]|[\t\r])/.test(v)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const DOCUMENT_CSV_HEADER = ['source', 'id', 'model', 'lang', 'kind', 'outcome', 'reason', 'talking_points', 'own_echoes', 'findings', 'prompt'].join(',');

/** One row per document: what `analyze --format csv` prints. `outcome` is the verdict, or why there is none. */
export function documentCsvRow(doc: Document, outcome: string | null): string {
  const points = [...new Set(doc.findings.filter((f) => f.kind === 'echo' && f.voice === 'own' && f.talkingPoint).map((f) => f.talkingPoint!.id))];
  const own = doc.findings.filter((f) => f.kind === 'echo' && f.voice === 'own').length;
  return [doc.source, doc.id, doc.model ?? '', doc.lang, doc.kind, outcome ?? '', doc.reason ?? '', points.join(' '), own, doc.findings.length, doc.prompt ?? ''].map(csvCell).join(',');
}
