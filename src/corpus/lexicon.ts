// A bilingual word list learnt from the corpus itself: the Foreign Ministry publishes each press conference
// in English and Chinese, answer for answer. Pairing the answers of same-day pages and counting which
// English words and Chinese character bigrams occur together (Dice coefficient) gives translations of the
// corpus's own vocabulary (xinjiang ↔ 新疆, smear ↔ 抹黑) that the hand-written glossary may lack.
import type { Sql } from '../storage/sql.js';
import { terms } from './text.js';

/** Keep a translation when the two occur together in at least this many answer pairs… */
const MIN_PAIRS = 6;
/** …with at least this Dice coefficient, and at most this many translations per word. */
const MIN_DICE = 0.3;
const PER_WORD = 3;

interface Row {
  date: string;
  lang: string;
  text: string;
}

/** Rebuilds the word list from the answers of same-day English and Chinese pages; returns the number of pairs used. */
export async function buildLexicon(sql: Sql): Promise<{ pairs: number; entries: number }> {
  const rows = await sql.all<Row>("SELECT date, lang, text FROM corpus_statements WHERE kind = 'answer' AND date IS NOT NULL AND lang IN ('en', 'zh') ORDER BY date, id");
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
  // Vocabularies of the words frequent enough to learn from (but not in most answers: China, 中方 pair with
  // everything and translate nothing).
  const vocab = (lang: 0 | 1) => {
    const df = new Map<string, number>();
    for (const p of pairs) for (const t of p[lang]) df.set(t, (df.get(t) ?? 0) + 1);
    const kept = [...df].filter(([, n]) => n >= MIN_PAIRS && n <= pairs.length * 0.15);
    return { index: new Map(kept.map(([t], i) => [t, i])), names: kept.map(([t]) => t), df: kept.map(([, n]) => n) };
  };
  const en = vocab(0);
  const zh = vocab(1);
  const zhOfPair = pairs.map(([, z]) => Int32Array.from(z.map((t) => zh.index.get(t) ?? -1).filter((i) => i >= 0)));
  const pairsOfEn: number[][] = en.names.map(() => []);
  pairs.forEach(([e], p) => {
    for (const t of e) {
      const i = en.index.get(t);
      if (i !== undefined) pairsOfEn[i]!.push(p);
    }
  });
  // Count, English word by English word, the Chinese bigrams of the answers paired with its answers.
  const counts = new Int32Array(zh.names.length);
  const found: { e: number; z: number; dice: number }[] = [];
  pairsOfEn.forEach((list, e) => {
    const touched: number[] = [];
    for (const p of list) for (const z of zhOfPair[p]!) if (counts[z]!++ === 0) touched.push(z);
    for (const z of touched) {
      const n = counts[z]!;
      counts[z] = 0;
      if (n < MIN_PAIRS) continue;
      const dice = (2 * n) / (en.df[e]! + zh.df[z]!);
      if (dice >= MIN_DICE) found.push({ e, z, dice });
    }
  });
  const best = new Map<string, { lang: string; term: string; to: string; dice: number }[]>();
  for (const { e, z, dice } of found) {
    for (const entry of [
      { lang: 'en', term: en.names[e]!, to: zh.names[z]!, dice },
      { lang: 'zh', term: zh.names[z]!, to: en.names[e]!, dice },
    ]) {
      const key = `${entry.lang}:${entry.term}`;
      best.set(key, [...(best.get(key) ?? []), entry]);
    }
  }
  const rowsOut: [string, string, string, number][] = [];
  for (const list of best.values()) {
    for (const t of list.sort((a, b) => b.dice - a.dice).slice(0, PER_WORD)) rowsOut.push([t.lang, t.term, t.to, Math.round(t.dice * 1000) / 1000]);
  }
  await sql.tx(async (t) => {
    await t.run('DELETE FROM corpus_lexicon');
    // The stamp is written with the rows, in one transaction: a kill leaves the old list and the old stamp.
    const now = await statementsStamp(t);
    await t.run(
      `INSERT INTO corpus_derived (name, statements, max_id, built_at) VALUES ('lexicon', ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET statements = excluded.statements, max_id = excluded.max_id, built_at = excluded.built_at`,
      [now.statements, now.maxId, new Date().toISOString()],
    );
    // Many rows per statement: one round trip per 200 rows rather than per row (PostgreSQL is across a socket).
    for (let at = 0; at < rowsOut.length; at += 200) {
      const chunk = rowsOut.slice(at, at + 200);
      await t.run(`INSERT INTO corpus_lexicon (lang, term, translation, dice) VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')}`, chunk.flat());
    }
  });
  return { pairs: pairs.length, entries: rowsOut.length };
}

async function statementsStamp(sql: Sql): Promise<{ statements: number; maxId: number }> {
  return (await sql.get<{ statements: number; maxId: number }>('SELECT count(*) AS statements, coalesce(max(id), 0) AS maxId FROM corpus_statements'))!;
}

/** Whether the word list was built from other statements than those stored now (or never recorded as built). */
export async function lexiconStale(sql: Sql): Promise<boolean> {
  const stamp = await sql.get<{ statements: number; maxId: number }>("SELECT statements, max_id AS maxId FROM corpus_derived WHERE name = 'lexicon'");
  const now = await statementsStamp(sql);
  return !stamp || stamp.statements !== now.statements || stamp.maxId !== now.maxId;
}

/** Translations by language and word: `en:xinjiang` → [{ term: '新疆', dice: 0.8 }]. */
export async function loadLexicon(sql: Sql): Promise<Map<string, { term: string; dice: number }[]>> {
  const out = new Map<string, { term: string; dice: number }[]>();
  if (!(await sql.hasTable('corpus_lexicon'))) return out;
  for (const r of await sql.all<{ lang: string; term: string; translation: string; dice: number }>('SELECT lang, term, translation, dice FROM corpus_lexicon')) {
    const key = `${r.lang}:${r.term}`;
    out.set(key, [...(out.get(key) ?? []), { term: r.translation, dice: r.dice }]);
  }
  return out;
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
