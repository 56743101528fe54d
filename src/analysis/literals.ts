// What a regex source needs verbatim, and how its matches start. Lets the analysis skip or speed up a
// regex where that changes nothing: a wildcard-led pattern in a sentence without its literal, a Chinese
// pattern in a text without Han, a leading lookbehind that `\b` can stand in for.

interface RegexToken {
  kind: 'char' | 'escape' | 'class' | 'open' | 'close';
  at: number;
  /** Group depth the token is at (for `(` and `)`, outside the group). */
  depth: number;
}

/** The tokens of a regex source (escapes and character classes whole), or undefined when unbalanced. */
function tokenize(source: string): RegexToken[] | undefined {
  const out: RegexToken[] = [];
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      out.push({ kind: 'escape', at: i, depth });
      i += escapeLength(source, i) - 1;
    } else if (ch === '[') {
      out.push({ kind: 'class', at: i, depth });
      for (i++; source[i] !== ']'; i++) {
        if (i >= source.length) return undefined;
        if (source[i] === '\\') i++;
      }
    } else if (ch === '(') out.push({ kind: 'open', at: i, depth: depth++ });
    else if (ch === ')') {
      if (--depth < 0) return undefined;
      out.push({ kind: 'close', at: i, depth });
    } else out.push({ kind: 'char', at: i, depth });
  }
  return depth === 0 ? out : undefined;
}

/** Length of the escape at source[i]: \xHH, \uHHHH, \u{…}, \p{…}, \k<…>, \cX whole, others two characters. */
function escapeLength(source: string, i: number): number {
  const rest = source.slice(i + 1);
  const m = /^(?:x[0-9a-fA-F]{2}|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|[pP]\{[^}]*\}|k<[^>]*>|c[A-Za-z])/.exec(rest);
  return 1 + (m ? m[0].length : 1);
}

/** A quantifier that makes what precedes it optional. */
const optional = (rest: string) => /^(?:[?*]|\{0[,}])/.test(rest);

/**
 * The longest run of characters accepted by `isLiteral` that every match of `source` contains:
 * outside groups and character classes, and not made optional or repeated by a quantifier. Undefined
 * when nothing is certain (alternatives at the top level, or no such run).
 */
export function requiredRun(source: string, isLiteral: (ch: string) => boolean): string | undefined {
  const tokens = tokenize(source);
  if (!tokens) return undefined;
  let run = '';
  let longest = '';
  for (const t of tokens) {
    const ch = source[t.at];
    if (t.kind === 'char' && t.depth === 0 && ch === '|') return undefined; // neither side is required
    // A quantifier after a character makes it optional or repeated: it ends the run.
    if (t.kind === 'char' && t.depth === 0 && isLiteral(ch) && !/[?*{+]/.test(source[t.at + 1] ?? '')) {
      run += ch;
      continue;
    }
    if (run.length > longest.length) longest = run;
    run = '';
  }
  if (run.length > longest.length) longest = run;
  return longest || undefined;
}

export const isAsciiLetter = (ch: string) => /[A-Za-z]/.test(ch);

/**
 * Whether every match of `source` begins with an ASCII letter or digit (false when unsure). Such a
 * regex may start with `\b` rather than a lookbehind for a non-alphanumeric character: the two agree
 * on any text without underscores.
 */
export function startsWithWordChar(source: string): boolean {
  const tokens = tokenize(source);
  if (!tokens) return false;
  // Split at the top-level `|`, then look at how each alternative starts.
  const bars = tokens.filter((t) => t.kind === 'char' && t.depth === 0 && source[t.at] === '|').map((t) => t.at);
  const bounds = [-1, ...bars, source.length];
  return bounds.slice(1).every((end, k) => firstIsWordChar(source.slice(bounds[k] + 1, end)));
}

function firstIsWordChar(alternative: string): boolean {
  let s = alternative;
  while (s.startsWith('\\b')) s = s.slice(2); // a boundary takes no character
  if (/^[A-Za-z0-9]/.test(s)) return !optional(s.slice(1));
  if (!s.startsWith('(') || /^\(\?[=!<]/.test(s)) return false; // lookarounds and named groups: unsure
  const close = tokenize(s)?.find((t) => t.kind === 'close' && t.depth === 0)?.at;
  if (close === undefined || optional(s.slice(close + 1))) return false;
  return startsWithWordChar(s.slice(s.startsWith('(?:') ? 3 : 1, close));
}
