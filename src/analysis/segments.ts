// Step 1 as a pipeline step: splits every analysable part into paragraphs, sentences and quotes,
// and gives each sentence and the document a language.
import type { PartKind } from '../document.js';
import type { Context } from './context.js';
import { findQuotes, splitParagraphs, splitSentences } from './segment.js';
import { detectLang, detectLangIn, holdsLinks } from './text.js';

/** Parts whose text is analysed. Prompts give context only; titles and metadata are skipped. */
export const ANALYSED_PARTS: ReadonlySet<PartKind> = new Set(['answer', 'body', 'reasoning']);

export function segmentStep(ctx: Context): void {
  const { doc, norm } = ctx;
  let paragraph = 0;
  const chars = new Map<string, number>();
  // Sentences are read in place in the document's text; in a text with links, sliced out so that the links are left out.
  const links = holdsLinks(doc.text);
  doc.parts.forEach((part, partIndex) => {
    if (!ANALYSED_PARTS.has(part.kind)) return;
    const paragraphs = splitParagraphs(doc.text, part.start, part.end).filter((p) => !insideBoilerplate(ctx, p.start, p.end));
    // One by one: spreading a text's quotes as arguments overflows the stack past about 120,000 of them.
    for (const q of findQuotes(norm, paragraphs)) doc.quotes.push(q);
    for (const para of paragraphs) {
      for (const s of splitSentences(doc.text, para.start, para.end)) {
        const text = doc.text.slice(s.start, s.end);
        const lang = links ? detectLang(text) : detectLangIn(doc.text, s.start, s.end);
        doc.segments.push({ start: s.start, end: s.end, text, lang, part: partIndex, paragraph, voice: 'own' });
        if (part.kind !== 'reasoning') chars.set(lang, (chars.get(lang) ?? 0) + text.length);
      }
      paragraph++;
    }
  });
  doc.quotes.sort((a, b) => a.start - b.start);
  // Sentences too short to judge (list markers, "Photo 1") take the language most of the text is written in,
  // else the document's: a Finnish answer to an English prompt keeps its short lines Finnish.
  const main = [...chars.entries()].filter(([l]) => l !== 'und').sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'und';
  if (doc.lang === 'und') doc.lang = main;
  const fill = main === 'und' ? doc.lang : main;
  for (const seg of doc.segments) if (seg.lang === 'und') seg.lang = fill;
}

function insideBoilerplate(ctx: Context, start: number, end: number): boolean {
  return ctx.doc.parts.some((p) => p.kind === 'boilerplate' && p.start <= start && p.end >= end);
}
