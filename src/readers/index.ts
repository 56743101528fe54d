// Input detection and reading: one entry point that turns a path into documents (streaming JSONL
// batches line by line), and reports what it could not read without stopping the rest.
import { createReadStream, readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Document } from '../document.js';
import type { CompiledPattern } from '../analysis/context.js';
import { answerDocument } from './answer.js';
import { articleDocument, htmlToText, looksLikeHtml } from './article.js';
import { decode, DEFAULT_MAX_BYTES, InputError, readTextFile } from './input.js';
import { isProviderError, jsonItems, toAnswer, type ItemShape } from './structured.js';
import { looksLikeTranscript, transcriptDocument } from './transcript.js';

export { InputError } from './input.js';
export { answerDocument, type AnswerInput } from './answer.js';

export const INPUT_FORMATS = ['auto', 'chat', 'answer', 'article', 'html', 'json', 'jsonl', 'promptfoo', 'speechmap'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

export interface ReadOptions {
  inputFormat?: InputFormat;
  maxBytes?: number;
  /** Boilerplate patterns for articles (from the compiled knowledge). */
  boilerplate: CompiledPattern[];
}

export type ReadResult = { doc: Document } | { error: string; source: string; line?: number };

const TEXT_EXT = new Set(['.txt', '.md', '.markdown', '.html', '.htm', '.json', '.jsonl', '.ndjson', '']);

/**
 * Expands folders into the readable files inside them, sorted, recursively. What cannot be followed — a dangling
 * symbolic link, a link loop, an unreadable folder — is kept as a path, reported when it is read, and the rest is
 * read; a folder reached a second time (a link back up the tree) is left out with a note to `onSkip`.
 */
export function expandPaths(paths: string[], onSkip: (message: string) => void = () => {}): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (p: string, top: boolean) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      out.push(p); // reported as unreadable when read
      return;
    }
    if (!st.isDirectory()) {
      if (top || TEXT_EXT.has(extname(p).toLowerCase())) out.push(p);
      return;
    }
    const key = `${st.dev}:${st.ino}`;
    if (seen.has(key)) {
      onSkip(`${p}: skipped, a folder already read (a link back into the tree)`);
      return;
    }
    seen.add(key);
    let names: string[];
    try {
      names = readdirSync(p).sort();
    } catch (e) {
      onSkip(`cannot read the folder ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return;
    }
    for (const n of names) walk(join(p, n), false);
  };
  for (const p of paths) walk(p, true);
  return out;
}

/** The name standard input goes by, as a path (`mouthpiece analyze -`) and in messages. */
export const STDIN = '-';
const STDIN_NAME = 'standard input';

export async function* readDocuments(path: string, options: ReadOptions, stdin: AsyncIterable<Buffer> = process.stdin): AsyncGenerator<ReadResult> {
  if (path === STDIN) {
    yield* readStdin(stdin, options);
    return;
  }
  const format = options.inputFormat ?? 'auto';
  const ext = extname(path).toLowerCase();
  const jsonlExt = ext === '.jsonl' || ext === '.ndjson';
  if (format === 'jsonl' || format === 'speechmap' || ((format === 'auto' || format === 'promptfoo') && jsonlExt)) {
    yield* readJsonl(path, options.maxBytes ?? DEFAULT_MAX_BYTES, shapeOf(format));
    return;
  }
  let text: string;
  try {
    text = readTextFile(path, options.maxBytes ?? DEFAULT_MAX_BYTES);
  } catch (e) {
    yield { error: (e as Error).message, source: path };
    return;
  }
  yield* documentsOfText(text, path, ext, options);
}

/**
 * Standard input: a JSONL batch (its first line a JSON object and the next line starting another) is streamed
 * line by line like a file; anything else is read whole, within --max-bytes, and detected like a file's text.
 */
async function* readStdin(stdin: AsyncIterable<Buffer>, options: ReadOptions): AsyncGenerator<ReadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const format = options.inputFormat ?? 'auto';
  const iterator = stdin[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  let ended = false;
  // Read until the start of a second line is in (enough to tell JSONL apart), the end, or the limit.
  while (size <= maxBytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
    size += next.value.length;
    if (/\n\s*\S/.test(Buffer.concat(head).toString('latin1'))) break;
  }
  const start = Buffer.concat(head);
  const firstLine = start.toString('utf8', 0, Math.max(0, start.indexOf(10))).trim();
  const jsonl = format === 'jsonl' || format === 'speechmap' || ((format === 'auto' || format === 'promptfoo') && firstLine.startsWith('{') && firstLine.endsWith('}') && /^\s*\{/.test(start.toString('utf8', start.indexOf(10) + 1)));
  const rest = async function* () {
    yield start;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  };
  if (jsonl) {
    yield* jsonlStream(rest(), STDIN_NAME, maxBytes, shapeOf(format));
    return;
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of rest()) {
    total += chunk.length;
    if (total > maxBytes) {
      yield { error: `${STDIN_NAME} is over the ${(maxBytes / 1048576).toFixed(0)} MB limit for one document: send a JSONL batch (streamed, one answer per line), or raise --max-bytes`, source: STDIN_NAME };
      return;
    }
    chunks.push(chunk);
  }
  if (total === 0) {
    yield { error: `${STDIN_NAME} is empty: nothing to analyse`, source: STDIN_NAME };
    return;
  }
  let text: string;
  try {
    text = decode(Buffer.concat(chunks), STDIN_NAME);
  } catch (e) {
    yield { error: (e as Error).message, source: STDIN_NAME };
    return;
  }
  yield* documentsOfText(text, STDIN_NAME, '', options);
}

/** The documents of a whole text read from `path`, by its format (given, or detected from the text and extension). */
async function* documentsOfText(text: string, path: string, ext: string, options: ReadOptions): AsyncGenerator<ReadResult> {
  const format = options.inputFormat ?? 'auto';
  if (!text.trim()) {
    yield { error: `${path} holds only white space: nothing to analyse`, source: path };
    return;
  }
  const sniffed = format === 'auto' ? sniff(text, ext) : format === 'promptfoo' ? (sniff(text, ext) === 'jsonl' ? 'jsonl' : 'json') : format;
  const shape = shapeOf(format);
  if (sniffed === 'jsonl' || sniffed === 'speechmap') {
    yield* jsonlLines(text.split('\n'), path, shape);
    return;
  }
  if (sniffed === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      yield { error: `${path} is not valid JSON: ${(e as Error).message}`, source: path };
      return;
    }
    let items: unknown[];
    try {
      items = jsonItems(value, path);
    } catch (e) {
      yield { error: (e as Error).message, source: path };
      return;
    }
    for (let i = 0; i < items.length; i++) {
      const a = toAnswer(items[i], items.length === 1 ? path : `${path}#${i + 1}`, shape);
      const where = `${path}${items.length > 1 ? ` item ${i + 1}` : ''}`;
      if (typeof a === 'string') yield { error: `${where}: JSON of the wrong shape: ${a}`, source: path };
      else if (isProviderError(a)) yield { error: `${where}: provider error, no answer to analyse: ${a.providerError}`, source: path };
      else yield { doc: answerDocument(a, 'json') };
    }
    return;
  }
  if (sniffed === 'chat') {
    yield { doc: transcriptDocument(text, path) };
    return;
  }
  if (sniffed === 'answer') {
    const doc = answerDocument({ id: path, answer: text });
    doc.source = path;
    yield { doc };
    return;
  }
  if (sniffed === 'html') {
    const { text: plain, title } = htmlToText(text);
    if (!plain.trim()) {
      yield { error: `${path}: the HTML page has no visible text`, source: path };
      return;
    }
    const doc = articleDocument(plain, path, options.boilerplate, 'article-html', title);
    doc.warnings.push('HTML input: offsets point into the visible text extracted from the page (document.text), not into the markup');
    yield { doc };
    return;
  }
  yield { doc: articleDocument(text, path, options.boilerplate) };
}

function sniff(text: string, ext: string): InputFormat {
  const head = text.trimStart();
  if (ext === '.json') return 'json';
  if (head.startsWith('{') || head.startsWith('[')) {
    const lines = head.split('\n').filter((l) => l.trim());
    if (head.startsWith('{') && lines.length > 1 && lines.every((l) => l.trim().startsWith('{') && l.trim().endsWith('}'))) return 'jsonl';
    return 'json';
  }
  if (ext === '.html' || ext === '.htm' || looksLikeHtml(text)) return 'html';
  if (looksLikeTranscript(text)) return 'chat';
  return 'article';
}

/** Records of another tool's shape are read strictly when its input format is named. */
function shapeOf(format: InputFormat): ItemShape {
  return format === 'promptfoo' || format === 'speechmap' ? format : 'any';
}

function* jsonlLines(lines: Iterable<string>, path: string, shape: ItemShape): Generator<ReadResult> {
  let n = 0;
  for (const line of lines) {
    n++;
    yield* jsonlLine(line, path, n, shape);
  }
}

function* jsonlLine(line: string, path: string, n: number, shape: ItemShape): Generator<ReadResult> {
  const trimmed = line.trim();
  if (!trimmed) return;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (e) {
    yield { error: `${path}:${n}: malformed JSON line skipped (${(e as Error).message})`, source: path, line: n };
    return;
  }
  const a = toAnswer(value, `${path}:${n}`, shape);
  if (typeof a === 'string') yield { error: `${path}:${n}: line skipped: ${a}`, source: path, line: n };
  else if (isProviderError(a)) yield { error: `${path}:${n}: provider error, no answer to analyse: ${a.providerError}`, source: path, line: n };
  else yield { doc: answerDocument(a, 'jsonl') };
}

/**
 * Streams a JSONL file line by line (memory bounded by the longest line allowed), checking each line's
 * encoding on its own. A line over `maxBytes` — one document, however it arrives — is reported and
 * skipped without being held in memory; the lines after it are read as usual.
 */
async function* readJsonl(path: string, maxBytes: number, shape: ItemShape): AsyncGenerator<ReadResult> {
  let stream;
  try {
    if (statSync(path).size === 0) {
      yield { error: `${path} is empty: nothing to analyse`, source: path };
      return;
    }
    stream = createReadStream(path);
  } catch (e) {
    yield { error: `cannot read ${path}: ${(e as Error).message}`, source: path };
    return;
  }
  yield* jsonlStream(stream as AsyncIterable<Buffer>, path, maxBytes, shape);
}

/** JSONL from any stream of bytes (a file, standard input), line by line. */
async function* jsonlStream(stream: AsyncIterable<Buffer>, path: string, maxBytes: number, shape: ItemShape = 'any'): AsyncGenerator<ReadResult> {
  // The pieces of the line being read, joined once at its end: joining at every chunk would copy a long
  // line over and over (quadratic in its length).
  let pieces: Buffer[] = [];
  let size = 0;
  let oversized = false;
  let n = 0;
  const endLine = function* (): Generator<ReadResult> {
    n++;
    if (oversized) {
      yield { error: `${path}:${n}: line skipped: ${(size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit for one document (raise --max-bytes)`, source: path, line: n };
    } else yield* decodeLine(pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, size), path, n, shape);
    pieces = [];
    size = 0;
    oversized = false;
  };
  const add = (piece: Buffer) => {
    size += piece.length;
    if (size > maxBytes) {
      oversized = true;
      pieces = [];
    } else if (!oversized && piece.length) pieces.push(piece);
  };
  try {
    for await (const chunk of stream) {
      let at = 0;
      let nl: number;
      while ((nl = chunk.indexOf(10, at)) >= 0) {
        add(chunk.subarray(at, nl));
        yield* endLine();
        at = nl + 1;
      }
      // Copied: the stream may reuse its chunk.
      if (at < chunk.length) add(Buffer.from(chunk.subarray(at)));
    }
  } catch (e) {
    yield { error: `cannot read ${path}: ${(e as Error).message}`, source: path };
    return;
  }
  if (size > 0 || oversized) yield* endLine();
}

function* decodeLine(bytes: Buffer, path: string, n: number, shape: ItemShape): Generator<ReadResult> {
  let line: string;
  try {
    line = decode(bytes.length ? bytes : Buffer.from(' '), `${path}:${n}`);
  } catch (e) {
    yield { error: e instanceof InputError ? `${e.message} — line skipped` : String(e), source: path, line: n };
    return;
  }
  yield* jsonlLine(line, path, n, shape);
}
