// Finding many literal phrases at once (names, titles, cue words). A single regex alternation of
// thousands of names is slow in V8; indexing phrases by their first word (or first Han character)
// and checking candidates only where a word starts keeps the cost proportional to the text.

/** A word up to the next Han character, so "BBC" in "据BBC报道" is a word of its own. */
const WORD_START = /(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;
const HAN = /\p{Script=Han}/u;
const isWordChar = (ch: string | undefined) => {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return /[\p{L}\p{N}]/u.test(ch);
};

export interface PhraseHit<T> {
  start: number;
  end: number;
  phrase: string;
  value: T;
}

export class PhraseFinder<T> {
  private readonly byKey = new Map<string, { phrase: string; value: T; endsHan: boolean }[]>();

  /** Phrases match case-sensitively unless `ignoreCase` is set. */
  constructor(
    entries: Iterable<[string, T]>,
    private readonly ignoreCase = false,
  ) {
    for (const [raw, value] of entries) {
      const phrase = ignoreCase ? raw.toLowerCase() : raw;
      if (!phrase) continue;
      const key = this.keyOf(phrase, 0);
      if (!key) continue;
      const list = this.byKey.get(key) ?? [];
      if (!list.some((x) => x.phrase === phrase)) list.push({ phrase, value, endsHan: HAN.test(phrase[phrase.length - 1]) });
      this.byKey.set(key, list);
    }
    for (const list of this.byKey.values()) list.sort((a, b) => b.phrase.length - a.phrase.length);
  }

  private keyOf(text: string, at: number): string | undefined {
    if (HAN.test(text[at] ?? '')) return text[at];
    WORD_START.lastIndex = at;
    const m = WORD_START.exec(text);
    if (!m || m.index !== at) return undefined;
    return this.ignoreCase ? m[0].toLowerCase() : m[0];
  }

  private candidateAt(text: string, i: number, to: number, key: string): { phrase: string; value: T } | undefined {
    for (const c of this.byKey.get(key) ?? []) {
      const end = i + c.phrase.length;
      if (end > to || !text.startsWith(c.phrase, i)) continue;
      // A Latin name ends at a non-letter or where Chinese text resumes ("BBC报道").
      if (c.endsHan || !isWordChar(text[end]) || HAN.test(text[end] ?? '')) return c;
    }
    return undefined;
  }

  /** Longest non-overlapping matches in text[from, to), left to right. */
  find(original: string, from = 0, to = original.length): PhraseHit<T>[] {
    // Case folding once for the whole text (only when it keeps offsets, which it does for nearly all text).
    const folded = this.ignoreCase ? original.toLowerCase() : original;
    const text = folded.length === original.length ? folded : original;
    const out: PhraseHit<T>[] = [];
    let i = from;
    while (i < to) {
      const ch = text[i];
      const code = ch.charCodeAt(0);
      const han = code >= 0x2e80 && HAN.test(ch);
      if (!han && (!isWordChar(ch) || (isWordChar(text[i - 1]) && !HAN.test(text[i - 1])))) {
        i++;
        continue;
      }
      const key = han ? ch : this.keyOf(text, i);
      const hit = key ? this.candidateAt(text, i, to, key) : undefined;
      if (hit) {
        out.push({ start: i, end: i + hit.phrase.length, phrase: original.slice(i, i + hit.phrase.length), value: hit.value });
        i += hit.phrase.length;
      } else i += han ? 1 : Math.max(1, key?.length ?? 1);
    }
    return out;
  }
}
