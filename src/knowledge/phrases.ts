// Finding many literal phrases at once (names, titles, cue words). A single regex alternation of
// thousands of names is slow in V8; indexing phrases by their first word (or first Han character)
// and checking candidates only where a word starts keeps the cost proportional to the text. Where
// words start is worked out once per text and shared by every finder that searches it.

const HAN = /\p{Script=Han}/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

// Character classes of BMP code units, filled on first sight: the regexes run once per distinct character.
const OTHER = 1;
const WORD = 2;
const HAN_CHAR = 3;
const classes = new Uint8Array(0x10000);
function classOf(text: string, i: number): number {
  const c = text.charCodeAt(i);
  let k = classes[c];
  if (k === 0) {
    const ch = text[i];
    k = HAN.test(ch) ? HAN_CHAR : LETTER_OR_DIGIT.test(ch) ? WORD : OTHER;
    classes[c] = k;
  }
  return k;
}

const pairHash = (a: number, b: number) => ((a * 31) ^ b) & 0xffff;

export interface PhraseHit<T> {
  start: number;
  end: number;
  phrase: string;
  value: T;
}

/** A character trie of phrases: walking it from a word start finds the longest phrase there in one pass. */
interface TrieNode<T> {
  next: Map<number, TrieNode<T>> | undefined;
  entry: { phrase: string; value: T; endsHan: boolean } | undefined;
}

// Every node has the same shape, which keeps V8's property lookups in the walk monomorphic.
const trieNode = <T>(): TrieNode<T> => ({ next: undefined, entry: undefined });

export class PhraseFinder<T> {
  private readonly root: TrieNode<T> = trieNode();
  /**
   * A filter on the first two code units of the phrases (1: a phrase starts with this unit, 2: a
   * one-unit phrase is this unit), and hashed pairs: most word starts are ruled out by two array reads.
   */
  private readonly firstUnits = new Uint8Array(0x10000);
  private readonly firstPairs = new Uint8Array(0x10000);

  /** Phrases match case-sensitively unless `ignoreCase` is set. The first entry for a phrase wins. */
  constructor(
    entries: Iterable<[string, T]>,
    private readonly ignoreCase = false,
  ) {
    for (const [raw, value] of entries) {
      const phrase = ignoreCase ? raw.toLowerCase() : raw;
      // A phrase must start where a word starts, or it could never be found.
      if (!phrase || classOf(phrase, 0) === OTHER) continue;
      const c0 = phrase.charCodeAt(0);
      if (phrase.length === 1) this.firstUnits[c0] = 2;
      else {
        this.firstUnits[c0] ||= 1;
        this.firstPairs[pairHash(c0, phrase.charCodeAt(1))] = 1;
      }
      let node = this.root;
      for (let i = 0; i < phrase.length; i++) {
        const c = phrase.charCodeAt(i);
        node.next ??= new Map();
        let child = node.next.get(c);
        if (!child) node.next.set(c, (child = trieNode()));
        node = child;
      }
      node.entry ??= { phrase, value, endsHan: HAN.test(phrase[phrase.length - 1]) };
    }
  }

  private mayStartAt(text: string, i: number): boolean {
    const first = this.firstUnits[text.charCodeAt(i)];
    return first === 2 || (first === 1 && i + 1 < text.length && this.firstPairs[pairHash(text.charCodeAt(i), text.charCodeAt(i + 1))] === 1);
  }

  /**
   * The longest phrase starting at i and ending by `to` on a word boundary. `text` is what the phrases
   * are compared with (the lower-cased range for ignoreCase finders), starting at `offset` in `original`.
   */
  private longestAt(original: string, text: string, offset: number, i: number, to: number): TrieNode<T>['entry'] {
    let node: TrieNode<T> | undefined = this.root;
    let found: TrieNode<T>['entry'];
    for (let j = i; j < to; j++) {
      node = node.next?.get(text.charCodeAt(j - offset));
      if (!node) break;
      const e = node.entry;
      // A Latin name ends at a non-letter or where Chinese text resumes ("BBC报道").
      if (e && (e.endsHan || j + 1 === original.length || classOf(original, j + 1) !== WORD)) found = e;
    }
    return found;
  }

  /**
   * Longest non-overlapping matches in text[from, to), left to right, each starting where a word starts.
   * A word is a run of letters and digits up to the next Han character ("BBC" in "据BBC报道"); each Han
   * character is a word of its own.
   */
  find(original: string, from = 0, to = original.length): PhraseHit<T>[] {
    let text = original;
    let offset = 0;
    if (this.ignoreCase) {
      // Only the range is lower-cased (when that keeps its length, as it nearly always does).
      const lower = original.slice(from, to).toLowerCase();
      if (lower.length === to - from) {
        text = lower;
        offset = from;
      }
    }
    const out: PhraseHit<T>[] = [];
    let i = from;
    // A range that starts inside a word starts at the next word.
    if (i > 0 && classOf(original, i - 1) === WORD) while (i < to && classOf(original, i) === WORD) i++;
    while (i < to) {
      const k = classOf(original, i);
      if (k === OTHER) {
        i++;
        continue;
      }
      const hit = this.mayStartAt(text, i - offset) ? this.longestAt(original, text, offset, i, to) : undefined;
      if (hit) {
        out.push({ start: i, end: i + hit.phrase.length, phrase: original.slice(i, i + hit.phrase.length), value: hit.value });
        i += hit.phrase.length;
      } else if (k === HAN_CHAR) i++;
      else while (++i < to && classOf(original, i) === WORD);
    }
    return out;
  }
}
