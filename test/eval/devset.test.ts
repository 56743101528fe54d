import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { DevItemSchema, DEVSET_PATH, HELDOUT_PATH, SPEECHMAP_DIR, loadDevset, loadSpeechMap, parseJsonl } from '../../eval/devset.js';
import { VERDICTS } from '../../src/document.js';

describe('parseJsonl', () => {
  const good = { id: 'dev-0001', lang: 'en', topic: 't', prompt: 'p', answer: 'a', verdict: 'refusal', rationale: 'r', tags: [] };
  it('keeps good lines and names the bad ones by line number', () => {
    const text = [JSON.stringify(good), '{not json', '', JSON.stringify({ ...good, verdict: 'maybe' }), JSON.stringify({ ...good, id: 'dev-0004' })].join('\n');
    const { items, errors } = parseJsonl(text, DevItemSchema, 'x.jsonl');
    expect(items.map((i) => i.id)).toEqual(['dev-0001', 'dev-0004']);
    expect(errors.map((e) => e.line)).toEqual([2, 4]);
    expect(errors[0].message).toMatch(/invalid JSON/);
    expect(errors[1].message).toMatch(/verdict/);
  });
});

describe('the development set', () => {
  const items = loadDevset();
  const count = (keep: (it: (typeof items)[number]) => boolean) => items.filter(keep).length;

  it('has at least 240 answers with unique, sequential ids', () => {
    expect(items.length).toBeGreaterThanOrEqual(240);
    expect(items.map((it) => it.id)).toEqual(items.map((_, i) => `dev-${String(i + 1).padStart(4, '0')}`));
  });

  it('represents every verdict at least 40 times and both languages about equally', () => {
    for (const v of VERDICTS) expect(count((it) => it.verdict === v), v).toBeGreaterThanOrEqual(40);
    const en = count((it) => it.lang === 'en');
    expect(en / items.length).toBeGreaterThan(0.4);
    expect(en / items.length).toBeLessThan(0.6);
  });

  it('has at least 60 hard cases and at least 20 non-China answers, none of them state_echo', () => {
    expect(count((it) => it.tags.includes('hard'))).toBeGreaterThanOrEqual(60);
    const nonChina = items.filter((it) => it.tags.includes('non-china'));
    expect(nonChina.length).toBeGreaterThanOrEqual(20);
    expect(nonChina.filter((it) => it.verdict === 'state_echo').map((it) => it.id)).toEqual([]);
  });

  it('writes Chinese answers in Chinese, and the Traditional ones really in Traditional characters', () => {
    const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });
    for (const it of items.filter((x) => x.lang === 'zh')) expect(/[\u4e00-\u9fff]/.test(it.answer), it.id).toBe(true);
    const traditional = items.filter((it) => it.tags.includes('traditional'));
    expect(traditional.length).toBeGreaterThanOrEqual(8);
    for (const it of traditional) expect(toSimplified(it.answer), it.id).not.toBe(it.answer);
  });

  it('gives every answer a one-line rationale', () => {
    for (const it of items) expect(it.rationale.includes('\n'), it.id).toBe(false);
  });

  it('rejects a file with a bad line, naming the line', () => {
    const lines = readFileSync(DEVSET_PATH, 'utf8').split('\n');
    lines[2] = '{"id": "dev-0003", oops';
    const path = join(mkdtempSync(join(tmpdir(), 'devset-')), 'bad.jsonl');
    writeFileSync(path, lines.join('\n'));
    expect(() => loadDevset(path)).toThrow(/line 3: invalid JSON/);
  });
});

describe('the held-out set', () => {
  const held = loadDevset(HELDOUT_PATH);
  it('has at least 50 answers, every verdict at least 12 times, ids held-NNNN', () => {
    expect(held.length).toBeGreaterThanOrEqual(50);
    for (const v of VERDICTS) expect(held.filter((it) => it.verdict === v).length, v).toBeGreaterThanOrEqual(12);
    expect(held.every((it) => /^held-\d{4}$/.test(it.id))).toBe(true);
  });

  it('shares no answer with the dev set (canned refusals apart) and has no non-China state_echo', () => {
    const devAnswers = new Set(loadDevset().map((it) => it.answer));
    // Models' canned refusals ("Sorry, that's beyond my current scope…") are word-for-word the same everywhere.
    const shared = held.filter((it) => devAnswers.has(it.answer));
    expect(shared.filter((it) => it.verdict !== 'refusal' || it.answer.length > 80).map((it) => it.id)).toEqual([]);
    expect(held.filter((it) => it.tags.includes('non-china') && it.verdict === 'state_echo')).toEqual([]);
  });
});

describe.skipIf(!existsSync(SPEECHMAP_DIR))('SpeechMap controls (shared data)', () => {
  it('loads every line with the fields the evaluation needs', () => {
    const loaded = loadSpeechMap()!;
    expect(loaded.files.length).toBeGreaterThanOrEqual(3);
    expect(loaded.errors).toEqual([]);
    expect(loaded.items.length).toBeGreaterThan(5000);
    const labels = new Set(loaded.items.map((it) => it.judge_label));
    for (const l of ['COMPLETE', 'EVASIVE', 'DENIAL']) expect(labels.has(l)).toBe(true);
  });
});
