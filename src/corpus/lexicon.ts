// A bilingual word list learnt from the corpus itself: the Foreign Ministry publishes each press conference
// in English and Chinese, answer for answer. Pairing the answers of same-day pages and counting which
// English words and Chinese character bigrams occur together (Dice coefficient) gives translations of the
// corpus's own vocabulary (xinjiang ↔ 新疆, smear ↔ 抹黑) that the hand-written glossary may lack.
import type { Store } from '../storage/db.js';
import { terms } from './text.js';

/** Keep a translation when the two occur together in at least this many answer pairs… */
const MIN_PAIRS = 4;
/** …with at least this Dice coefficient, and at most this many translations per word. */
const MIN_DICE = 0.3;
const PER_WORD = 3;

interface Row {
  date: string;
  lang: string;
  text: string;
}

/** Rebuilds the word list from the answers of same-day English and Chinese pages; returns the number of pairs used. */
export function buildLexicon(store: Store): { pairs: number; entries: number } {
  const rows = store
    .prepare("SELECT date, lang, text FROM corpus_statements WHERE kind = 'answer' AND date IS NOT NULL AND lang IN ('en', 'zh') ORDER BY date, id")
    .all() as Row[];
  const byDate = new Map<string, { en: string[]; zh: string[] }>();
  for (const r of rows) {
    const day = byDate.get(r.date) ?? { en: [], zh: [] };
    day[r.lang as 'en' | 'zh'].push(r.text);
    byDate.set(r.date, day);
  }
  // Only days with as many English as Chinese answers are paired, answer i with answer i.
  const pairs: [string[], string[]][] = [];
  for (const day of byDate.values()) {
    if (day.en.length && day.en.length === day.zh.length) day.en.forEach((en, i) => pairs.push([unique(terms(en, 'en')), unique(terms(day.zh[i]!, 'zh'))]));
  }
  const ids = new Map<string, number>();
  const id = (t: string) => ids.get(t) ?? (ids.set(t, ids.size), ids.size - 1);
  const df = new Map<number, number>();
  const encoded = pairs.map(([en, zh]) => [en.map((t) => id(`en:${t}`)), zh.map((t) => id(`zh:${t}`))] as const);
  for (const [en, zh] of encoded) for (const t of [...en, ...zh]) df.set(t, (df.get(t) ?? 0) + 1);
  const frequent = (t: number) => (df.get(t) ?? 0) >= MIN_PAIRS;
  const together = new Map<number, number>();
  const stride = ids.size;
  for (const [en, zh] of encoded) {
    const zs = zh.filter(frequent);
    for (const e of en) {
      if (!frequent(e)) continue;
      for (const z of zs) together.set(e * stride + z, (together.get(e * stride + z) ?? 0) + 1);
    }
  }
  const names = [...ids.keys()];
  const best = new Map<number, { to: number; dice: number }[]>();
  for (const [key, n] of together) {
    if (n < MIN_PAIRS) continue;
    const e = Math.floor(key / stride);
    const z = key % stride;
    const dice = (2 * n) / (df.get(e)! + df.get(z)!);
    if (dice < MIN_DICE) continue;
    for (const [from, to] of [
      [e, z],
      [z, e],
    ] as const) {
      const list = best.get(from) ?? [];
      list.push({ to, dice });
      best.set(from, list);
    }
  }
  let entries = 0;
  store.transaction(() => {
    store.exec('DELETE FROM corpus_lexicon');
    const insert = store.prepare('INSERT INTO corpus_lexicon (lang, term, translation, dice) VALUES (?, ?, ?, ?)');
    for (const [from, list] of best) {
      const [lang, term] = split(names[from]!);
      for (const { to, dice } of list.sort((a, b) => b.dice - a.dice).slice(0, PER_WORD)) {
        insert.run(lang, term, split(names[to]!)[1], Math.round(dice * 1000) / 1000);
        entries++;
      }
    }
  })();
  return { pairs: pairs.length, entries };
}

/** Translations by language and word: `en:xinjiang` → [{ term: '新疆', dice: 0.8 }]. */
export function loadLexicon(store: Store): Map<string, { term: string; dice: number }[]> {
  const out = new Map<string, { term: string; dice: number }[]>();
  const hasTable = store.prepare("SELECT 1 FROM sqlite_master WHERE name = 'corpus_lexicon'").get();
  if (!hasTable) return out;
  for (const r of store.prepare('SELECT lang, term, translation, dice FROM corpus_lexicon').all() as { lang: string; term: string; translation: string; dice: number }[]) {
    const key = `${r.lang}:${r.term}`;
    out.set(key, [...(out.get(key) ?? []), { term: r.translation, dice: r.dice }]);
  }
  return out;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}

function split(name: string): [string, string] {
  const at = name.indexOf(':');
  return [name.slice(0, at), name.slice(at + 1)];
}
