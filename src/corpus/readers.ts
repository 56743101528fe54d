// Readers for users' own corpora: JSONL / CSV rows (`date, speaker, text, …`), plain-text and HTML statements,
// and folders of them. Foreign Ministry pages are recognised and handed to the press-conference reader.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, extname, join, relative, resolve, sep as pathSep } from 'node:path';
import { parse, type CsvError, type Options } from 'csv-parse/sync';
import { Parser } from 'htmlparser2';
import { PageError, pageStatements, parsePage } from './mfa.js';
import { cleanText, detectLang } from './text.js';
import type { IngestProblem, StatementInput } from './types.js';

/** One file to ingest; `read` parses it (lazily, so a huge folder is never all in memory). */
export interface SourceUnit {
  path: string;
  format: string;
  /** Extra identity for the content hash (the manifest row of a page). */
  key?: string;
  read(content: string): { statements: StatementInput[]; problems: IngestProblem[] };
}

interface ManifestRow {
  file: string;
  url?: string;
  lang?: string;
  title?: string;
}

const FIELD_ALIASES: Record<string, string[]> = {
  text: ['text', 'statement', 'content', 'body', 'answer'],
  date: ['date', 'time', 'published', 'datetime'],
  speaker: ['speaker', 'author', 'spokesperson', 'name'],
  url: ['url', 'link', 'href'],
  title: ['title', 'headline'],
  lang: ['lang', 'language'],
  question: ['question', 'q'],
  role: ['role'],
};

/** Lists the units under a path: a Foreign Ministry folder (manifest.jsonl), another folder, or one file. */
export function listUnits(path: string): { units: SourceUnit[]; problems: IngestProblem[] } {
  if (!existsSync(path)) throw new Error(`no such file or folder: ${path}`);
  const problems: IngestProblem[] = [];
  if (statSync(path).isFile()) return { units: [fileUnit(path)], problems };
  const manifest = join(path, 'manifest.jsonl');
  if (existsSync(manifest)) {
    const units: SourceUnit[] = [];
    const root = realpathSync(path);
    readFileSync(manifest, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        let row: ManifestRow;
        try {
          row = JSON.parse(line) as ManifestRow;
          if (typeof row.file !== 'string') throw new Error('missing "file"');
        } catch (e) {
          problems.push({ file: manifest, line: i + 1, message: `bad manifest line: ${(e as Error).message}` });
          return;
        }
        // A manifest names files inside its corpus folder: a path that leads out (../../etc/passwd, an absolute
        // path, a link pointing elsewhere) is refused.
        const file = resolve(path, row.file);
        if (!inside(root, file)) {
          problems.push({ file: manifest, line: i + 1, message: `"${row.file}" is outside the corpus folder: skipped` });
          return;
        }
        units.push(pageUnit(file, row));
      });
    return { units, problems };
  }
  const units: SourceUnit[] = [];
  // Links that lead nowhere or in circles are reported, and a folder reached twice is read once.
  const seen = new Set<string>();
  const walk = (dir: string) => {
    const st = statSync(dir);
    if (seen.has(`${st.dev}:${st.ino}`)) return;
    seen.add(`${st.dev}:${st.ino}`);
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('.')) continue;
      const full = join(dir, name);
      let isDir: boolean;
      try {
        isDir = statSync(full).isDirectory();
      } catch (e) {
        problems.push({ file: full, message: `cannot read: ${(e as NodeJS.ErrnoException).code === 'ELOOP' ? 'a loop of symbolic links' : 'a symbolic link to nothing, or gone'}` });
        continue;
      }
      if (isDir) walk(full);
      else if (/\.(jsonl|ndjson|csv|tsv|txt|md|html?)$/i.test(name)) units.push(fileUnit(full, path));
    }
  };
  walk(path);
  return { units, problems };
}

/** Whether a file (its real path, links resolved, when it exists) lies inside a folder. */
function inside(root: string, file: string): boolean {
  let real = file;
  try {
    real = realpathSync(file);
  } catch {
    /* missing: judged by its path; reading it reports it */
  }
  return real.startsWith(root + pathSep);
}

function pageUnit(file: string, row: ManifestRow): SourceUnit {
  return {
    path: file,
    format: 'mfa-page',
    key: row.url,
    read(content) {
      const page = parsePage(content, { title: row.title, lang: row.lang });
      const statements = pageStatements(page, file, row.url ?? null);
      if (!statements.length) throw new PageError('no statements found on the page');
      return { statements, problems: [] };
    },
  };
}

function fileUnit(file: string, root?: string): SourceUnit {
  const ext = extname(file).toLowerCase();
  const shown = root ? relative(root, file) : file;
  if (ext === '.jsonl' || ext === '.ndjson') return { path: file, format: 'jsonl', read: (c) => readJsonl(c, file) };
  if (ext === '.csv' || ext === '.tsv') return { path: file, format: 'csv', read: (c) => readCsv(c, file, ext === '.tsv' ? '\t' : ',') };
  if (ext === '.html' || ext === '.htm')
    return {
      path: file,
      format: 'html',
      read(content) {
        // A Foreign Ministry page saved on its own still gets the press-conference reader.
        if (/id="News_Body_Txt_A"|class="content_mod"/.test(content)) {
          const page = parsePage(content);
          return { statements: pageStatements(page, file, null), problems: [] };
        }
        return { statements: [htmlStatement(content, file, shown)], problems: [] };
      },
    };
  return { path: file, format: 'text', read: (c) => ({ statements: [textStatement(c, file, shown)], problems: [] }) };
}

function pick(row: Record<string, unknown>, field: string): string | null {
  for (const name of FIELD_ALIASES[field]!) {
    const key = Object.keys(row).find((k) => k.trim().toLowerCase() === name);
    const value = key === undefined ? undefined : row[key];
    if (value !== undefined && value !== null && String(value).trim() !== '') return String(value).trim();
  }
  return null;
}

/**
 * Accepts YYYY, YYYY-MM, YYYY-MM-DD (also 2024年3月5日) and ISO timestamps of real calendar dates; anything else —
 * 2024-13-45, 2023-02-29 — is kept out rather than guessed.
 */
export function normaliseDate(value: string | null): string | null {
  if (!value) return null;
  const m = /(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?/.exec(value) ?? /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?/.exec(value.trim());
  if (m) return calendarDate(Number(m[1]), m[2] === undefined ? undefined : Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString().slice(0, 10);
}

function calendarDate(year: number, month?: number, day?: number): string | null {
  if (month !== undefined && (month < 1 || month > 12)) return null;
  if (day !== undefined && (day < 1 || day > new Date(Date.UTC(year, month!, 0)).getUTCDate())) return null;
  return [String(year), month && String(month).padStart(2, '0'), day && String(day).padStart(2, '0')].filter(Boolean).join('-');
}

/** A row's date, or null with a problem reported when the value is not a real date. */
function checkedDate(value: string | null, onProblem: (message: string) => void): string | null {
  const date = normaliseDate(value);
  if (value && !date) onProblem(`"${value}" is not a date: the statement is kept without one`);
  return date;
}

function rowStatement(row: Record<string, unknown>, origin: string, onProblem: (message: string) => void): StatementInput {
  const text = pick(row, 'text');
  if (!text) throw new Error('no text (expected a "text" field)');
  const paragraphs = text.split(/\n\s*\n/).map(cleanText).filter(Boolean);
  return {
    kind: 'statement',
    lang: pick(row, 'lang') ?? detectLang(text),
    date: checkedDate(pick(row, 'date'), onProblem),
    speaker: pick(row, 'speaker'),
    role: pick(row, 'role'),
    url: pick(row, 'url'),
    title: pick(row, 'title'),
    question: pick(row, 'question'),
    paragraphs,
    origin,
  };
}

export function readJsonl(content: string, file: string): { statements: StatementInput[]; problems: IngestProblem[] } {
  const statements: StatementInput[] = [];
  const problems: IngestProblem[] = [];
  content.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const row = JSON.parse(line) as unknown;
      if (!row || typeof row !== 'object' || Array.isArray(row)) throw new Error('expected a JSON object');
      statements.push(rowStatement(row as Record<string, unknown>, `${file}:${i + 1}`, (message) => problems.push({ file, line: i + 1, message })));
    } catch (e) {
      problems.push({ file, line: i + 1, message: (e as Error).message });
    }
  });
  return { statements, problems };
}

/**
 * CSV and TSV rows through csv-parse (RFC 4180: quoted fields may hold separators, doubled quotes and newlines).
 * A record the parser cannot read — a quote never closed, a closing quote followed by text — is reported with
 * its lines and skipped, and the rows after it are read; so is a row with the wrong number of fields.
 */
export function readCsv(content: string, file: string, sep = ','): { statements: StatementInput[]; problems: IngestProblem[] } {
  const statements: StatementInput[] = [];
  const problems: IngestProblem[] = [];
  // Records and skips arrive in file order while parsing: each starts on the line after the last one ended.
  const rows: { cells: string[]; line: number }[] = [];
  let lastEnd = 0;
  try {
    parse(content, {
      delimiter: sep,
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_record: (record: string[], context: { lines: number }) => {
        rows.push({ cells: record, line: lastEnd + 1 });
        lastEnd = context.lines;
        return null; // kept here, not in parse's result
      },
      on_skip: (e: CsvError) => {
        problems.push({ file, line: lastEnd + 1, message: `lines ${lastEnd + 1}–${e.lines} skipped: ${e.message}` });
        lastEnd = e.lines;
      },
    } as Options);
  } catch (e) {
    problems.push({ file, line: lastEnd + 1, message: `cannot read the CSV from here on: ${(e as Error).message}` });
  }
  const header = rows.shift();
  if (!header) return { statements, problems: [...problems, { file, message: 'empty CSV file' }] };
  const names = header.cells.map((c) => c.trim());
  if (!names.some((n) => FIELD_ALIASES.text!.includes(n.toLowerCase())))
    return { statements, problems: [...problems, { file, line: 1, message: `no text column in the header (${names.join(', ')})` }] };
  for (const { cells, line } of rows) {
    if (cells.length !== names.length) {
      problems.push({ file, line, message: `expected ${names.length} fields, found ${cells.length}` });
      continue;
    }
    try {
      statements.push(rowStatement(Object.fromEntries(names.map((n, i) => [n, cells[i]])), `${file}:${line}`, (message) => problems.push({ file, line, message })));
    } catch (e) {
      problems.push({ file, line, message: (e as Error).message });
    }
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { statements, problems };
}

const HEADER_LINE = /^(date|speaker|url|title|lang|role|question)\s*:\s*(.*)$/i;

/**
 * A plain-text statement: optional `key: value` header lines (date, speaker, url, title, lang, role),
 * a blank line, then paragraphs. Without a date header, a YYYY-MM-DD in the file name is used.
 */
export function textStatement(content: string, file: string, shown = file): StatementInput {
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  const meta: Record<string, string> = {};
  let i = 0;
  while (i < lines.length && HEADER_LINE.test(lines[i]!)) {
    const m = HEADER_LINE.exec(lines[i]!)!;
    meta[m[1]!.toLowerCase()] = m[2]!.trim();
    i++;
  }
  const body = lines.slice(i).join('\n');
  const paragraphs = body.split(/\n\s*\n/).map(cleanText).filter(Boolean);
  if (!paragraphs.length) throw new PageError('empty statement');
  return {
    kind: 'statement',
    lang: meta.lang || detectLang(body),
    date: normaliseDate(meta.date ?? /\d{4}-\d{2}-\d{2}/.exec(basename(file))?.[0] ?? null),
    speaker: meta.speaker || null,
    role: meta.role || null,
    url: meta.url || null,
    title: meta.title || basename(shown, extname(shown)),
    question: meta.question || null,
    paragraphs,
    origin: file,
  };
}

/** A generic HTML statement: paragraphs of the body; title, date and author from <title> and <meta>. */
export function htmlStatement(content: string, file: string, shown = file): StatementInput {
  const paragraphs: string[] = [];
  const meta: Record<string, string> = {};
  let title = '';
  let inTitle = false;
  let skip = 0;
  let buf = '';
  const flush = () => {
    const t = cleanText(buf);
    if (t) paragraphs.push(t);
    buf = '';
  };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'script' || name === 'style' || name === 'nav' || name === 'footer') skip++;
        if (name === 'title') inTitle = true;
        if (name === 'meta' && attrs.content) meta[(attrs.name ?? attrs.property ?? '').toLowerCase()] = attrs.content;
        if (/^(p|div|br|h\d|li|tr|blockquote)$/.test(name)) flush();
      },
      ontext(text) {
        if (skip) return;
        if (inTitle) title += text;
        else buf += text;
      },
      onclosetag(name) {
        if (name === 'script' || name === 'style' || name === 'nav' || name === 'footer') skip = Math.max(0, skip - 1);
        if (name === 'title') inTitle = false;
        if (/^(p|div|h\d|li|tr|blockquote)$/.test(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(content);
  parser.end();
  flush();
  if (!paragraphs.length) throw new PageError('no text in the HTML body');
  const text = paragraphs.join('\n');
  return {
    kind: 'statement',
    lang: detectLang(text),
    date: normaliseDate(meta.date ?? meta['article:published_time'] ?? /\d{4}-\d{2}-\d{2}/.exec(basename(file))?.[0] ?? null),
    speaker: meta.author ?? null,
    role: null,
    url: meta['og:url'] ?? null,
    title: cleanText(title) || basename(shown, extname(shown)),
    question: null,
    paragraphs,
    origin: file,
  };
}
