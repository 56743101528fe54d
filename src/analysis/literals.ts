// What a regex source needs verbatim. Lets the analysis skip a regex where it cannot match: a
// wildcard-led pattern in a sentence without its literal, a Chinese pattern in a text without Han.

/**
 * The longest run of characters accepted by `isLiteral` that every match of `source` contains:
 * outside groups and character classes, and not made optional or repeated by a quantifier. Undefined
 * when nothing is certain (alternatives at the top level, or no such run).
 */
export function requiredRun(source: string, isLiteral: (ch: string) => boolean): string | undefined {
  let depth = 0;
  let inClass = false;
  let run = '';
  let longest = '';
  const endRun = () => {
    if (run.length > longest.length) longest = run;
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') {
      endRun();
      i++;
    } else if (inClass) inClass = ch !== ']';
    else if (ch === '[') {
      endRun();
      inClass = true;
    } else if (ch === '(') {
      endRun();
      depth++;
    } else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return undefined; // alternatives at the top: neither side is required
    else if (depth === 0 && isLiteral(ch)) {
      // A quantifier after a character makes that character optional or repeated: it ends the run.
      if (/[?*{+]/.test(source[i + 1] ?? '')) endRun();
      else run += ch;
    } else endRun();
  }
  endRun();
  return longest || undefined;
}

export const isHanChar = (ch: string) => /\p{Script=Han}/u.test(ch);
export const isAsciiLetter = (ch: string) => /[A-Za-z]/.test(ch);

/**
 * Whether every match of `source` begins with an ASCII letter or digit (false when unsure). Such a
 * regex may start with `\b` rather than a lookbehind for a non-alphanumeric character: the two agree
 * on any text without underscores.
 */
export function startsWithWordChar(source: string): boolean {
  const alternatives = topLevelAlternatives(source);
  return alternatives !== undefined && alternatives.every(firstIsWordChar);
}

function firstIsWordChar(alternative: string): boolean {
  let s = alternative;
  while (s.startsWith('\\b')) s = s.slice(2); // a boundary takes no character
  const optional = (rest: string) => /^(?:[?*]|\{0[,}])/.test(rest);
  if (/^[A-Za-z0-9]/.test(s)) return !optional(s.slice(1));
  if (!s.startsWith('(') || /^\(\?[=!<]/.test(s)) return false; // lookarounds and named groups: unsure
  const close = closingParen(s);
  if (close < 0 || optional(s.slice(close + 1))) return false;
  return startsWithWordChar(s.slice(s.startsWith('(?:') ? 3 : 1, close));
}

/** The source split at its top-level `|`, or undefined when it cannot be read. */
function topLevelAlternatives(source: string): string[] | undefined {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) {
      out.push(source.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) return undefined;
  }
  out.push(source.slice(start));
  return depth === 0 && !inClass ? out : undefined;
}

/** Index of the `)` closing the group that opens at 0, or -1. */
function closingParen(s: string): number {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '\\') i++;
    else if (inClass) inClass = ch !== ']';
    else if (ch === '[') inClass = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}
