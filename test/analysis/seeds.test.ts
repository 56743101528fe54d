// Acceptance on the user's own documents: the chatbot speaks the line; the articles report who said it.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { Document } from '../../src/document.js';
import { analyzeDocument, knowledgeFor } from '../../src/analysis/pipeline.js';
import { compilePatterns } from '../../src/analysis/context.js';
import { readDocuments } from '../../src/readers/index.js';
import { documentSchema } from '../../src/reporters/schema.js';
import { toJson } from '../../src/reporters/json.js';

const seed = (name: string) => fileURLToPath(new URL(`../../examples/seeds/${name}`, import.meta.url));

async function analyseFile(path: string): Promise<Document> {
  const boilerplate = (knowledgeFor().knowledge.lexicons.boilerplate ?? []).map(compilePatterns);
  for await (const r of readDocuments(path, { boilerplate })) {
    if ('doc' in r) return analyzeDocument(r.doc);
    throw new Error(r.error);
  }
  throw new Error('no document');
}

describe('seed 000: a chatbot answering in the state\'s voice', async () => {
  const doc = await analyseFile(seed('000_526e9f146ef16054.txt'));
  const own = doc.findings.filter((f) => f.kind === 'echo' && f.voice === 'own' && f.stance === 'asserted');

  it('is read as a chat transcript with the model, prompt and answer apart', () => {
    expect(doc.format).toBe('chat-markdown');
    expect(doc.model).toBe('Qwen: Qwen3 VL 30B A3B Instruct');
    expect(doc.prompt).toContain('human rights allegations');
    expect(doc.findings.every((f) => f.part !== 'prompt')).toBe(true);
  });
  it('gets the state_echo verdict, decided by own-voice echoes', () => {
    expect(doc.verdict).toBe('state_echo');
    expect(doc.decidedBy.some((i) => doc.findings[i].kind === 'echo')).toBe(true);
  });
  it('finds the four characteristic echoes in its own voice', () => {
    const points = new Set(own.map((f) => f.talkingPoint!.id));
    expect(points).toContain('cn.xinjiang.allegations-fabricated'); // so-called / groundless
    expect(points).toContain('cn.xinjiang.anti-china-forces-smear'); // anti-China forces, smear
    expect(points).toContain('cn.xinjiang.peace-and-contentment');
    expect(points).toContain('cn.general.refer-official-sources');
    expect(own.length).toBeGreaterThanOrEqual(4);
  });
  it('points every finding at its text in the original file', () => {
    for (const f of doc.findings) expect(doc.text.slice(f.start, f.end)).toBe(f.text);
  });
  it('produces output that matches the published schema', () => {
    expect(documentSchema.safeParse(JSON.parse(JSON.stringify(toJson(doc)))).success).toBe(true);
  });
});

describe('seeds 001 and 002: articles that report the line', async () => {
  const [a, b] = await Promise.all([analyseFile(seed('001_e01c72d4a4f002e6.txt')), analyseFile(seed('002_84ff6f9cb353f045.txt'))]);
  const speakers = (d: Document) => new Map(d.findings.filter((f) => f.speaker).map((f) => [f.speaker!.name, f.speaker!.role]));

  it('are articles with no verdict and no own-voice echo', () => {
    for (const d of [a, b]) {
      expect(d.kind).toBe('article');
      expect(d.verdict).toBeNull();
      expect(d.stats!.ownEchoes).toBe(0);
      expect(d.findings.filter((f) => f.kind === 'echo' && f.voice === 'own' && f.stance === 'asserted')).toEqual([]);
    }
  });
  it('attributes the quoted echoes to the officials who spoke them', () => {
    const byRole = (d: Document) => d.findings.filter((f) => f.kind === 'echo' && f.voice !== 'own').map((f) => [f.speaker?.name, f.speaker?.role]);
    expect(byRole(a)).toContainEqual(['Wang Wenbin', 'state_official']);
    expect(byRole(b)).toContainEqual(['Hua Chunying', 'state_official']);
    expect(byRole(b)).toContainEqual(['Shohrat Zakir', 'state_official']);
  });
  it('gives everyone named their role', () => {
    expect(speakers(a).get('Adrian Zenz')).toBe('researcher');
    expect(speakers(a).get('Wang Wenbin')).toBe('state_official');
    for (const name of ['Marco Rubio', 'Chris Smith', 'Kelley Currie']) expect(speakers(b).get(name)).toBe('foreign_official');
  });
  it("finds Hua Chunying's comparison with the UK, France and the US as whataboutism in her quoted voice", () => {
    const w = b.findings.find((f) => f.technique === 'whataboutism' && f.voice === 'quoted' && f.speaker?.name === 'Hua Chunying');
    expect(w?.text).toMatch(/United Kingdom/);
  });
  it('skips scraping debris but keeps offsets into the original text', () => {
    const debris = a.parts.filter((p) => p.kind === 'boilerplate').map((p) => a.text.slice(p.start, p.end));
    expect(debris.some((t) => /Back to top/.test(t))).toBe(true);
    expect(debris.some((t) => /Read the original article/.test(t))).toBe(true);
    expect(a.segments.some((s) => /Back to top|Photo 1/.test(s.text))).toBe(false);
  });
});
