// Articles: plain text and HTML. Page furniture and scraping debris become `boilerplate` parts (from
// the boilerplate lexicon), so analysis skips them while offsets still point into the original text.
import { Parser } from 'htmlparser2';
import { newDocument, type Document, type Part } from '../document.js';
import type { CompiledPattern } from '../analysis/context.js';

const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'section', 'article', 'header', 'footer', 'tr', 'table', 'figure', 'figcaption', 'pre', 'hr', 'main', 'aside', 'nav', 'dd', 'dt']);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'nav', 'footer', 'aside', 'form', 'button', 'iframe']);

export function looksLikeHtml(text: string): boolean {
  return /^\s*(<!doctype html|<html|<head|<body)/i.test(text) || (text.match(/<\/?(p|div|span|a|br|h\d)\b[^>]*>/gi)?.length ?? 0) >= 5;
}

/** Visible text of an HTML page, paragraphs separated by blank lines; the <title> kept apart. */
export function htmlToText(html: string): { text: string; title?: string } {
  let text = '';
  let title = '';
  let skip = 0;
  let inTitle = false;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skip++;
        if (name === 'title') inTitle = true;
        if (BLOCK.has(name)) text += name === 'br' ? '\n' : '\n\n';
      },
      ontext(data) {
        if (inTitle) title += data;
        else if (!skip) text += data.replace(/[ \t\r\n]+/g, ' ');
      },
      onclosetag(name) {
        if (SKIP.has(name)) skip = Math.max(0, skip - 1);
        if (name === 'title') inTitle = false;
        if (BLOCK.has(name)) text += '\n\n';
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  const clean = text.replace(/[ \t]+\n/g, '\n').replace(/\n[ \t]+/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  return { text: clean, title: title.trim() || undefined };
}

/** An article document: title line, body, and each line of boilerplate marked as its own part. */
export function articleDocument(text: string, source: string, boilerplate: CompiledPattern[], format = 'article-text', title?: string): Document {
  const parts: Part[] = [];
  let bodyStart = 0;
  const firstLine = text.match(/^\s*([^\n]{3,160})\n/);
  // A short first line without final punctuation is the headline.
  if (!title && firstLine && !/[.!?。！？"”]$/.test(firstLine[1].trim()) && text.length > firstLine[0].length + 80) {
    const start = firstLine.index! + firstLine[0].indexOf(firstLine[1]);
    parts.push({ kind: 'title', start, end: start + firstLine[1].length });
    title = firstLine[1].trim();
    bodyStart = start + firstLine[1].length;
  }
  parts.push({ kind: 'body', start: bodyStart, end: text.length });
  let at = 0;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    const start = at + line.indexOf(trimmed);
    if (trimmed && boilerplate.some((p) => !p.entry.id.startsWith('prefix-') && [...p.byLang.values()].some((re) => wholeLine(re, trimmed)))) {
      parts.push({ kind: 'boilerplate', start, end: start + trimmed.length });
    } else if (trimmed) {
      // Debris glued to the start of a line ("Back to top buttonThe internment camps…").
      for (const p of boilerplate.filter((b) => b.entry.id.startsWith('prefix-'))) {
        for (const pattern of Object.values(p.entry.patterns).flat()) {
          const m = new RegExp(`^(?:${pattern})`, 'iu').exec(trimmed);
          if (m?.[0]) parts.push({ kind: 'boilerplate', start, end: start + m[0].length });
        }
      }
    }
    at += line.length + 1;
  }
  const doc = newDocument({ id: source, source, format, kind: 'article', text, parts: parts.sort((a, b) => a.start - b.start) });
  if (title) doc.title = title;
  return doc;
}

function wholeLine(re: RegExp, line: string): boolean {
  const anchored = new RegExp(re.source, re.flags.replace('g', ''));
  return anchored.test(line) && (anchored.exec(line)?.[0].length ?? 0) >= line.length * 0.9;
}
