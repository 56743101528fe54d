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
