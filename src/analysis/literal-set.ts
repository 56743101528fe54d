// Which of many literal strings occur in a text, and where some of them begin, found in one pass (an Aho–Corasick
// automaton over UTF-16 code units, compared in lower case). The analysis uses it to skip the regular expressions
// whose required literals (see requiredLiterals) a document does not contain, and to try the others only where
// their leading literals begin (see leadingLiterals).

import { lowerUnit as lower } from './text.js';

export class LiteralSet {
  readonly size: number;
  /** Transitions: key node * 65536 + code unit → next node. */
  private readonly next: Map<number, number>;
  private readonly fail: Int32Array;
  /**
   * For ASCII code units, the whole step (failure links followed) by node × width + the unit's column: one read per
   * character. Units no literal holds share column 0, which always leads back to the root; the table stays small.
   * An entry is the next node × 2, plus 1 when literals end there: most characters end none, and skip the look-up.
   */
  private readonly ascii: Uint16Array | Int32Array;
  private readonly columns = new Uint8Array(128);
  private readonly width: number;
  /**
   * Per node, the literals that end there, directly or through failure links (ids into the constructor's list):
   * outIds[outStart[node] … outStart[node + 1]).
   */
  private readonly outStart: Int32Array;
  private readonly outIds: Int32Array;

  /** Length of each literal, by id. */
  private readonly lengths: Int32Array;

  constructor(literals: readonly string[]) {
    this.size = literals.length;
    this.lengths = Int32Array.from(literals, (l) => l.length);
    // The trie, its nodes numbered as they are made.
    const next = new Map<number, number>();
    const out: number[][] = [[]];
    let nodes = 1;
    literals.forEach((lit, id) => {
      let node = 0;
      for (let i = 0; i < lit.length; i++) {
        const key = node * 65536 + lower(lit.charCodeAt(i));
        let to = next.get(key);
        if (to === undefined) {
          to = nodes++;
          out.push([]);
          next.set(key, to);
        }
        node = to;
      }
      out[node].push(id);
    });
    // Failure links, breadth first; a node's outputs include those of its failure node.
    const children: [number, number][][] = Array.from({ length: nodes }, () => []);
    for (const [key, to] of next) children[Math.floor(key / 65536)].push([key % 65536, to]);
    const fail = new Int32Array(nodes);
    const queue = children[0].map(([, to]) => to);
    for (let q = 0; q < queue.length; q++) {
      const node = queue[q];
      for (const [c, to] of children[node]) {
        let f = fail[node];
        while (f > 0 && !next.has(f * 65536 + c)) f = fail[f];
        const via = next.get(f * 65536 + c);
        fail[to] = via !== undefined && via !== to ? via : 0;
        out[to].push(...out[fail[to]]);
        queue.push(to);
      }
    }
    // Renumbered breadth first: the shallow nodes, where a scan of ordinary text spends nearly all its steps, get the
    // first rows of the table, side by side in the processor's cache (numbered as made, they were spread over it).
    const order = [0, ...queue];
    const renumbered = new Int32Array(nodes);
    order.forEach((node, at) => (renumbered[node] = at));
    this.next = new Map([...next].map(([key, to]) => [renumbered[Math.floor(key / 65536)] * 65536 + (key % 65536), renumbered[to]]));
    this.fail = new Int32Array(nodes);
    for (let node = 0; node < nodes; node++) this.fail[renumbered[node]] = renumbered[fail[node]];
    this.outStart = new Int32Array(nodes + 1);
    order.forEach((node, at) => (this.outStart[at + 1] = this.outStart[at] + out[node].length));
    this.outIds = Int32Array.from(order.flatMap((node) => out[node]));
    // Columns: one per ASCII unit the literals hold (lower case); upper-case letters share their lower case's.
    let width = 1;
    for (const [key] of next) {
      const c = key % 65536;
      if (c < 128 && this.columns[c] === 0) this.columns[c] = width++;
    }
    for (let c = 65; c <= 90; c++) this.columns[c] = this.columns[c + 32];
    this.width = width;
    // A node's row is its failure node's (filled before it, breadth first) with its own children written over it.
    // Entries fit 16 bits in all but huge sets: the table is then half the size, and more of it stays in cache.
    const ascii = (this.ascii = nodes < 0x8000 ? new Uint16Array(nodes * width) : new Int32Array(nodes * width));
    const entry = (to: number) => renumbered[to] * 2 + (out[to].length ? 1 : 0);
    for (const node of order) {
      const row = renumbered[node] * width;
      if (node > 0) ascii.copyWithin(row, renumbered[fail[node]] * width, renumbered[fail[node]] * width + width);
      for (const [c, to] of children[node]) if (c < 128) ascii[row + this.columns[c]] = entry(to);
      ascii[row] = 0;
    }
  }

  /** Flags by literal id: 1 where the literal occurs in text[from, to) (compared in lower case). */
  present(text: string, from = 0, to = text.length): Uint8Array {
    return this.run(text, from, to, undefined);
  }

  /**
   * The flags of present over the whole text, and where the literals `leads` flags begin: pairs of literal id and
   * offset, in the order the literals end.
   */
  scan(text: string, leads: Uint8Array): { flags: Uint8Array; hits: Int32Array } {
    const flags = this.run(text, 0, text.length, leads);
    return { flags, hits: this.hits.slice(0, this.hitCount) };
  }

  /** Pairs found by the last scan, in a buffer kept from scan to scan (one copy of the right size per text). */
  private hits = new Int32Array(1024);
  private hitCount = 0;

  private run(text: string, from: number, to: number, leads: Uint8Array | undefined): Uint8Array {
    const found = new Uint8Array(this.size);
    const { ascii, columns, width, outStart, outIds, lengths } = this;
    let hits = this.hits;
    let count = 0;
    let node = 0;
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const e = ascii[node * width + columns[c]];
        node = e >> 1;
        if ((e & 1) === 0) continue;
      } else node = this.step(node, lower(c));
      const end = outStart[node + 1];
      for (let k = outStart[node]; k < end; k++) {
        const id = outIds[k];
        found[id] = 1;
        if (!leads || !leads[id]) continue;
        if (count + 2 > hits.length) {
          const grown = new Int32Array(hits.length * 2);
          grown.set(hits);
          this.hits = hits = grown;
        }
        hits[count++] = id;
        hits[count++] = i + 1 - lengths[id];
      }
    }
    this.hitCount = count;
    return found;
  }

  /** The next node from a node on a code unit outside ASCII (lower case), failure links followed. */
  private step(node: number, c: number): number {
    let next = this.next.get(node * 65536 + c);
    while (next === undefined && node > 0) {
      node = this.fail[node];
      next = this.next.get(node * 65536 + c);
    }
    return next ?? 0;
  }
}
