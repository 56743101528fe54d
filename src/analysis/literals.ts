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

/** A piece of a regex: a literal character, or anything else (class, escape, group, anchor). */
type Piece =
  | { kind: 'literal'; ch: string; optional: boolean; repeated: boolean }
  | { kind: 'group'; alternatives: Piece[][]; look: boolean; optional: boolean }
  | { kind: 'other'; optional: boolean; zeroWidth?: boolean };

/** Parses a regex source into alternatives of pieces; undefined when the source is not understood. */
function parseAlternatives(source: string): Piece[][] | undefined {
  let i = 0;
  const alternatives = (): Piece[][] | undefined => {
    const alts: Piece[][] = [[]];
    while (i < source.length) {
      const ch = source[i];
      if (ch === ')') return alts;
      if (ch === '|') {
        alts.push([]);
        i++;
        continue;
      }
      let piece: Piece;
      if (ch === '(') {
        i++;
        let look = false;
        if (source.startsWith('?:', i)) i += 2;
        else if (/^\?<?[=!]/.test(source.slice(i, i + 3))) {
          look = true;
          i += source[i + 1] === '<' ? 3 : 2;
        } else if (source.startsWith('?<', i)) {
          const close = source.indexOf('>', i);
          if (close < 0) return undefined;
          i = close + 1;
        } else if (source[i] === '?') return undefined;
        const inner = alternatives();
        if (!inner || source[i] !== ')') return undefined;
        i++;
        piece = { kind: 'group', alternatives: inner, look, optional: false };
      } else if (ch === '[') {
        const open = i;
        for (i++; source[i] !== ']'; i++) {
          if (i >= source.length) return undefined;
          if (source[i] === '\\') i++;
        }
        i++;
        piece = classPiece(source.slice(open + 1, i - 1));
      } else if (ch === '\\') {
        const len = escapeLength(source, i);
        const next = source[i + 1];
        // An escaped punctuation mark stands for itself; letters and digits escape to classes, anchors or codes.
        piece =
          len === 2 && next !== undefined && !/[A-Za-z0-9]/.test(next)
            ? { kind: 'literal', ch: next, optional: false, repeated: false }
            : { kind: 'other', optional: false, zeroWidth: next === 'b' || next === 'B' };
        i += len;
      } else if (ch === '.' || ch === '^' || ch === '$') {
        piece = { kind: 'other', optional: false, zeroWidth: ch !== '.' };
        i++;
      } else if (/[?*+{]/.test(ch)) return undefined; // a quantifier with nothing before it
      else {
        piece = { kind: 'literal', ch, optional: false, repeated: false };
        i++;
      }
      // Quantifiers: optional (?, *, {0…}) or repeated (+, {n…}); a lazy `?` after them changes nothing here.
      const q = /^(?:\?|\*|\+|\{(\d*)(,\d*)?\})\??/.exec(source.slice(i));
      if (q) {
        // {0}, {00,3}, {,3}: the least is no repetition at all.
        const optional = q[0][0] === '?' || q[0][0] === '*' || (q[1] !== undefined && Number(q[1] || '0') === 0);
        piece.optional = optional;
        if (piece.kind === 'literal') piece.repeated = !optional;
        i += q[0].length;
      }
      alts[alts.length - 1].push(piece);
    }
    return alts;
  };
  const top = alternatives();
  return top && i === source.length ? top : undefined;
}

/**
 * A character class of a few plain characters ("['’]") as a group of one-character alternatives; any other class
 * (ranges, negation, escapes of classes) as a piece that is not understood.
 */
function classPiece(body: string): Piece {
  const chars = [...body];
  if (!chars.length || chars.length > 8 || chars.some((c) => c === '^' || c === '-' || c === '\\' || c === '[')) return { kind: 'other', optional: false };
  return { kind: 'group', alternatives: chars.map((ch) => [{ kind: 'literal', ch, optional: false, repeated: false }]), look: false, optional: false };
}

/** Literal strings at least one of which occurs in every match of a sequence of pieces; undefined when none is certain. */
function sequenceLiterals(pieces: Piece[]): string[] | undefined {
  const candidates: string[][] = [];
  let run = '';
  const endRun = () => {
    if (run) candidates.push([run]);
    run = '';
  };
  for (const p of pieces) {
    if (p.kind === 'literal' && !p.optional) {
      run += p.ch;
      if (p.repeated) endRun(); // "ab+c" holds "ab", and "bc" only after any number of b
      continue;
    }
    endRun();
    if (p.kind === 'group' && !p.optional && !p.look) {
      const sets = p.alternatives.map(sequenceLiterals);
      if (sets.every((s) => s !== undefined)) candidates.push([...new Set(sets.flat() as string[])]);
    }
  }
  endRun();
  // The most selective candidate: the one whose shortest literal is longest, then the fewest literals.
  let best: string[] | undefined;
  const shortest = (s: string[]) => Math.min(...s.map((x) => x.length));
  for (const c of candidates) {
    if (!best || shortest(c) > shortest(best) || (shortest(c) === shortest(best) && c.length < best.length)) best = c;
  }
  return best;
}

/**
 * Literal strings (lower case) at least one of which every match of a case-insensitive regex source
 * contains, or undefined when no such set is certain. A text without any of them cannot match, so the
 * regex need not run on it. Letters are compared in lower case; sets whose shortest literal is a single
 * character other than a Han one are not worth a look-up and are not returned.
 */
export function requiredLiterals(source: string): string[] | undefined {
  const alts = parseAlternatives(source);
  if (!alts) return undefined;
  const sets = alts.map(sequenceLiterals);
  if (sets.some((s) => s === undefined)) return undefined;
  const all = [...new Set((sets.flat() as string[]).map((s) => s.toLowerCase()))];
  if (all.some((s) => s.length < 2 && !/^\p{Script=Han}$/u.test(s))) return undefined;
  // A literal that lower-casing lengthens or shortens would not be found at its place: stay safe. ß is the
  // exception that is safe: its upper case is SS, but case-insensitive regexes match it only to ß and ẞ, and
  // ẞ lower-cases to ß.
  if (all.some((s) => s.replace(/ß/g, '').toUpperCase().toLowerCase() !== s.replace(/ß/g, ''))) return undefined;
  return all;
}

/** The literals a sequence of pieces may begin with (after zero-width assertions); undefined when it may begin otherwise. */
function leadingOf(pieces: Piece[], from = 0): string[] | undefined {
  let i = from;
  while (i < pieces.length) {
    const p = pieces[i];
    if ((p.kind === 'group' && p.look) || (p.kind === 'other' && p.zeroWidth)) i++;
    else break;
  }
  const first = pieces[i];
  if (!first) return undefined; // may match the empty string
  if (first.kind === 'literal') {
    let run = '';
    let j = i;
    for (; j < pieces.length; j++) {
      const p = pieces[j];
      if (p.kind !== 'literal' || p.optional) break;
      run += p.ch;
      if (p.repeated) {
        j = -1; // what follows may come after more of the same character
        break;
      }
    }
    if (run) {
      // A short run goes on into what follows it: "i( can't| won't)" begins with "i can't" or "i won't", "u\.?s" with
      // "u.s" or "us".
      const next = j >= 0 ? pieces[j] : undefined;
      const more = run.length < 3 && next ? continuations(next, pieces, j + 1) : undefined;
      return more && more.length <= 64 ? more.map((t) => run + t) : [run];
    }
    // An optional first character: the match begins with it, or with what follows.
    const rest = leadingOf(pieces, i + 1);
    return rest && [first.ch, ...rest];
  }
  if (first.kind !== 'group') return undefined;
  const inner = first.alternatives.map((alt) => leadingOf(alt));
  if (inner.some((l) => l === undefined)) return undefined;
  if (!first.optional) return inner.flat() as string[];
  const rest = leadingOf(pieces, i + 1);
  return rest && [...(inner.flat() as string[]), ...rest];
}

/**
 * The literals that the piece `next`, then pieces[from…], may begin with: a group's (or, when it is optional, also
 * what follows it), an optional character's followed by what follows, or what follows alone; undefined when unsure.
 */
function continuations(next: Piece, pieces: Piece[], from: number): string[] | undefined {
  if (next.kind === 'group' && !next.look) {
    const tails = next.alternatives.map((alt) => leadingOf(alt));
    if (tails.some((t) => t === undefined)) return undefined;
    if (!next.optional) return tails.flat() as string[];
    const rest = leadingOf(pieces, from);
    return rest && [...(tails.flat() as string[]), ...rest];
  }
  if (next.kind === 'literal' && next.optional && !next.repeated) {
    const rest = leadingOf(pieces, from);
    return rest && [...rest.map((t) => next.ch + t), ...rest];
  }
  return undefined;
}

/**
 * The literals (lower case; ASCII or caseless characters such as ’; two characters or more, or one digit) one of
 * which every match of a case-insensitive regex source begins with, after any zero-width assertions; undefined
 * when that is not certain. A regex whose matches
 * all begin so need only be tried where one of them occurs (see findPattern).
 */
export function leadingLiterals(source: string): string[] | undefined {
  const alts = parseAlternatives(source);
  if (!alts) return undefined;
  const sets = alts.map((alt) => leadingOf(alt));
  if (sets.some((s) => s === undefined)) return undefined;
  const all = [...new Set((sets.flat() as string[]).map((s) => s.toLowerCase()))];
  // ASCII, or characters without case (’): without the u flag, case-insensitive matching folds ASCII letters only
  // to ASCII letters, so the literal set's lower-casing finds every place such a match can begin.
  const caseless = (ch: string) => ch <= '~' || ch.toLowerCase() === ch.toUpperCase();
  // One letter ("i", "a") or space begins too many words to be worth it; one digit does not.
  return all.length && all.every((s) => (s.length >= 2 || /[0-9]/.test(s)) && [...s].every(caseless)) ? all : undefined;
}
