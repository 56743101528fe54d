// The analysed document as an audit stores it: without the text, the findings and the sentences' texts the row holds
// already, given back whole from the row, or not at all when the row no longer gives its text back.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { analyzeAnswer } from '../../src/analysis/pipeline.js';
import { analysisRecord, openAuditStore, restoredDocument, storedDocument } from '../../src/audit/store.js';
import { getAnswer, listAnswers } from '../../src/audit/results.js';
import { startAudit } from '../../src/audit/runner.js';
import { startMockProvider } from '../../src/audit/mock-provider.js';
import { openSql } from '../../src/storage/sql.js';
import { FIXTURE_SCRIPTS, FIXTURE_SUITE, tempDir } from './helpers.js';

const cases = [
  { name: 'en with a reasoning trace given apart', answer: 'The so-called camps are vocational training centres. Xinjiang enjoys stability.', reasoning: 'The user asks about Xinjiang.\n\nI should answer.' },
  { name: 'zh', answer: '所谓“集中营”完全是谎言。新疆各族人民安居乐业。', reasoning: null },
  { name: 'en markdown, no reasoning', answer: '## Background\n\n- **Detentions**: researchers estimate that about a million people were held.\n- The OHCHR assessment of 2022 documents it.', reasoning: '   ' },
  { name: 'en with tags of reasoning inside the answer', answer: '<think>Careful here.</think>Beijing calls the allegations "lies"; leaked files show mass detention.', reasoning: null },
];

const row = (doc: ReturnType<typeof analyzeAnswer>, answer: string, reasoning: string | null) => ({ answer, reasoning, findings: analysisRecord(1, doc, 'test').findings, analyzer: 'test' });
const compact = (doc: ReturnType<typeof analyzeAnswer>) => storedDocument(doc, 'test').documentCompact!;

describe('storedDocument / restoredDocument', () => {
  for (const c of cases) {
    it(`${c.name}: given back whole from the row`, () => {
      const doc = analyzeAnswer({ id: c.name, prompt: 'What is happening in Xinjiang?', answer: c.answer, reasoning: c.reasoning ?? undefined });
      expect(restoredDocument(compact(doc), row(doc, c.answer, c.reasoning))).toEqual(doc);
    });
  }

  it('given back whole for any answer and reasoning (property)', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'B', ' ', '.', '\n', '中', '国', '。', '"', '“', '”', '<', '>', '😀', 'so-called ', 'camps ', '\r\n', '\u00a0', '\u200b', '\ufeff'), maxLength: 120 });
    fc.assert(
      fc.property(text, fc.option(text), (answer, reasoning) => {
        const doc = analyzeAnswer({ id: 'p', answer, reasoning: reasoning ?? undefined });
        expect(restoredDocument(compact(doc), row(doc, answer, reasoning))).toEqual(doc);
      }),
      { numRuns: 150 },
    );
  });

  it('is a fraction of the whole document on a long answer with reasoning', () => {
    const answer = Array.from({ length: 40 }, (_, i) => `Sentence ${i} says that the camps held many people, according to researchers.`).join(' ');
    const doc = analyzeAnswer({ id: 'long', answer, reasoning: answer });
    expect(compact(doc).length).toBeLessThan(JSON.stringify(doc).length / 3);
  });

  it('is not given back when the row no longer gives the text it was analysed in, or has lost its findings', () => {
    const doc = analyzeAnswer({ id: 'x', answer: 'An answer.', reasoning: 'A trace.' });
    const stored = compact(doc);
    expect(restoredDocument(stored, row(doc, 'An answer!', 'A trace.'))).toBeNull(); // same length, another text
    expect(restoredDocument(stored, row(doc, 'An answer.', null))).toBeNull(); // the reasoning is gone
    expect(restoredDocument(stored, { ...row(doc, 'An answer.', 'A trace.'), findings: null })).toBeNull();
    expect(restoredDocument(stored, { answer: null, reasoning: null, findings: '[]', analyzer: 'test' })).toBeNull();
    expect(restoredDocument(stored, { ...row(doc, 'An answer.', 'A trace.'), analyzer: 'an older analysis' })).toBeNull(); // analysed again by another version
  });

  it('stores the whole document where the text is not well-formed UTF-16 (a database would not give it back as it was)', () => {
    const doc = analyzeAnswer({ id: 'lone', answer: 'No. \ud83d' });
    expect(storedDocument(doc, 'test')).toEqual({ document: JSON.stringify(doc), documentCompact: null });
    const pair = analyzeAnswer({ id: 'pair', answer: 'No. 😀' });
    expect(storedDocument(pair, 'test').documentCompact).not.toBeNull();
  });
});

/** A store at `file` holding a small audit of the mock provider (analysed on the main thread), and its answers. */
async function audited(file: string) {
  const store = await openAuditStore(file);
  const mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS });
  try {
    await startAudit(store, { suite: FIXTURE_SUITE, baseUrl: mock.url, models: ['mock-echo'], langs: ['en'], runId: 'r' }, { analysisThreads: 0 });
  } finally {
    await mock.close();
  }
  return { store, rows: (await listAnswers(store, 'r')).rows };
}

describe('getAnswer: the stored analysis, or the answer analysed again', () => {
  it('gives back the document stored by an audit, and analyses again an answer whose row was changed', async () => {
    const { store, rows } = await audited(join(tempDir(), 'audit.db'));
    try {
      const first = rows[0]!;
      const expected = analyzeAnswer({ id: `r/${first.id}`, prompt: first.prompt, answer: first.answer!, reasoning: first.reasoning ?? undefined, model: first.model, lang: first.lang });
      expect((await getAnswer(store, first.id))!.document).toEqual(expected);
      // A stored analysis that said otherwise is given back as stored (not analysed again)…
      const stored = JSON.parse((await store.get<{ d: string }>('SELECT document_compact AS d FROM audit_results WHERE request = ?', [first.id]))!.d) as { reason: string };
      await store.run('UPDATE audit_results SET document_compact = ? WHERE request = ?', [JSON.stringify({ ...stored, reason: 'as it was' }), first.id]);
      expect((await getAnswer(store, first.id))!.document!.reason).toBe('as it was');
      // …as is a whole document, as stores written before kept it, which a reader from then finds where it looks.
      expect(await store.get('SELECT document FROM audit_results WHERE request = ?', [first.id])).toEqual({ document: null });
      const second = rows[1]!;
      await store.run('UPDATE audit_results SET document = ?, document_compact = NULL WHERE request = ?', [JSON.stringify({ ...expected, reason: 'whole' }), second.id]);
      expect((await getAnswer(store, second.id))!.document!.reason).toBe('whole');
      // …unless its answer no longer gives back the text it was analysed in.
      await store.run('UPDATE audit_results SET answer = ? WHERE request = ?', [`${first.answer} More.`, first.id]);
      const again = (await getAnswer(store, first.id))!.document!;
      expect(again.reason).not.toBe('as it was');
      expect(again.text.startsWith(`${first.answer} More.`)).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('reads a store from before the compact column, opened read-only as the dashboard opens it (nothing migrates it)', async () => {
    const file = join(tempDir(), 'old.db');
    const { store, rows } = await audited(file);
    const ids = rows.map((r) => r.id);
    try {
      const doc = (await getAnswer(store, ids[0]!))!.document!;
      // The first as such a store kept it, whole; the second with a compact document where the whole one was kept (as a
      // build between the two columns wrote it): it has lost its text, so the answer is analysed again.
      await store.run('UPDATE audit_results SET document = ? WHERE request = ?', [JSON.stringify({ ...doc, reason: 'whole' }), ids[0]]);
      await store.run('UPDATE audit_results SET document = document_compact WHERE request = ?', [ids[1]]);
      await store.run('ALTER TABLE audit_results DROP COLUMN document_compact');
    } finally {
      await store.close();
    }
    const readOnly = await openSql(file, [], { readonly: true });
    try {
      expect((await getAnswer(readOnly, ids[0]!))!.document!.reason).toBe('whole');
      const second = (await getAnswer(readOnly, ids[1]!))!;
      expect(second.document!.text.startsWith(second.answer!)).toBe(true);
      expect(second.document!.findings).toBeInstanceOf(Array);
    } finally {
      await readOnly.close();
    }
  });
});
