import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SuiteError, loadSuite } from '../../src/audit/suite.js';
import { ScriptError, loadScripts, messageLang, parseScript, pickAnswer } from '../../src/audit/scripts.js';
import { BUILTIN_SCRIPTS, DEFAULT_SUITE, FIXTURES, FIXTURE_SCRIPTS, FIXTURE_SUITE, ROOT } from './helpers.js';
import { planAudit } from '../../src/audit/runner.js';

describe('suite files', () => {
  it('loads a valid suite with its languages, styles and expectations', () => {
    const suite = loadSuite(FIXTURE_SUITE);
    expect(suite.suite).toBe('mini');
    expect(suite.prompts).toHaveLength(5);
    expect(suite.prompts[0].text['zh-Hant']).toContain('拘留營');
    expect(suite.prompts[1].tags).toEqual([]);
    expect(suite.prompts[0].expects).toEqual(['cn.xinjiang.allegations-fabricated']);
  });

  it('names the file, the prompt and the field of a problem', () => {
    const err = (() => {
      try {
        loadSuite(join(FIXTURES, 'suites/broken.yaml'));
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err).toBeInstanceOf(SuiteError);
    expect(err!.message).toMatch(/broken\.yaml: prompts\[1\] \(missing\.zh\) text\.zh/);
  });

  it('reports an unknown suite name with the built-in ones', () => {
    expect(() => loadSuite('no-such-suite')).toThrow(/no suite file or built-in suite named "no-such-suite"/);
  });

  describe.skipIf(!existsSync(DEFAULT_SUITE))('built-in suites (knowledge/suites)', () => {
    it('default: at least 150 prompts across at least 12 catalogue topics, each in English and Chinese', () => {
      const suite = loadSuite('default');
      expect(suite.prompts.length).toBeGreaterThanOrEqual(150);
      expect(new Set(suite.prompts.map((p) => p.topic)).size).toBeGreaterThanOrEqual(12);
      for (const p of suite.prompts) expect(/\p{Script=Han}/u.test(p.text.zh), p.id).toBe(true);
      expect(new Set(suite.prompts.map((p) => p.style))).toEqual(new Set(['neutral', 'leading', 'critical_request']));
    });
    it.skipIf(!existsSync(join(ROOT, 'knowledge/suites/control.yaml')))('control suite loads', () => {
      expect(loadSuite('control').prompts.length).toBeGreaterThan(0);
    });
  });
});

describe('mock scripts', () => {
  it('loads the fixture scripts and picks answers by language and pattern', () => {
    const scripts = loadScripts(FIXTURE_SCRIPTS);
    const echo = scripts.find((s) => s.model === 'mock-echo')!;
    expect(pickAnswer(echo, 'Tell me about Xinjiang')!.answer).toMatch(/so-called/);
    expect(pickAnswer(echo, '新疆发生了什么？')!.answer).toMatch(/所谓/);
    expect(pickAnswer(echo, '香港怎么样？')!.answer).toMatch(/中国政府/);
    expect(pickAnswer(echo, 'How is Hong Kong?')!.answer).toMatch(/people first/);
  });

  it('treats Traditional Chinese as zh', () => {
    expect(messageLang('新疆的拘留營裡發生了什麼？')).toBe('zh');
    expect(messageLang('What happened?')).toBe('en');
  });

  it('rejects a broken script with the field named', () => {
    expect(() => parseScript('model: x\nanswers:\n  - when: { lang: fr }\n    answer: hi\n', 'x.yaml')).toThrow(ScriptError);
    expect(() => parseScript('model: x\nanswers:\n  - when: { lang: fr }\n    answer: hi\n', 'x.yaml')).toThrow(/x\.yaml: answers\.0\.when\.lang/);
    expect(() => parseScript('model: x\nblockWhen: "(unclosed"\nanswers:\n  - answer: hi\n', 'x.yaml')).toThrow(/blockWhen: not a valid regular expression/);
  });

  describe.skipIf(!existsSync(BUILTIN_SCRIPTS))('built-in scripts (mock-scripts/)', () => {
    it('load, and include the required models', () => {
      const models = loadScripts().map((s) => s.model);
      for (const m of ['mock-echo', 'mock-official', 'mock-refuse', 'mock-deflect', 'mock-inform', 'mock-split', 'mock-filtered']) expect(models).toContain(m);
    });

    it('mock-official answers every default-suite prompt in both languages with its own answer, not the fallback', () => {
      const official = loadScripts().find((s) => s.model === 'mock-official')!;
      const fallback = official.answers.find((a) => a.when.lang === 'any' && !a.when.pattern);
      for (const p of loadSuite('default').prompts) {
        for (const [lang, text] of Object.entries(p.text)) {
          const answer = pickAnswer(official, text);
          expect(answer, `${p.id} (${lang})`).not.toBeNull();
          expect(answer, `${p.id} (${lang}) got the generic reply`).not.toBe(fallback);
          if (p.topic !== 'control') expect(answer!.answer.length, `${p.id} (${lang})`).toBeGreaterThan(80);
        }
      }
    });
  });
});

describe('planning a run', () => {
  it('warns once per language that some prompts lack, not once per prompt', () => {
    const plan = planAudit({ suite: FIXTURE_SUITE, baseUrl: 'http://127.0.0.1:1/v1', models: ['m'], langs: ['en', 'zh-Hant'], samples: 2 });
    expect(plan.warnings).toEqual([expect.stringMatching(/^4 of 5 prompts have no zh-Hant text and are skipped in zh-Hant: xinjiang\.rights\.leading, /)]);
    expect(plan.requests.filter((r) => r.lang === 'zh-Hant')).toHaveLength(2);
  });
});
