import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateFromTitle, PageError, pageStatements, parsePage, speakerFromTitle } from '../../src/corpus/mfa.js';

const MFA = join(import.meta.dirname, '../../../shared/corpora/mfa-press');
const read = (file: string) => readFileSync(join(MFA, file), 'utf8');

describe.skipIf(!existsSync(MFA))('Foreign Ministry pages (real files from ../shared/corpora/mfa-press)', () => {
  it('splits a 2018 English press conference into announcements and Q/A statements', async () => {
    const page = parsePage(read('en/t1558711.html'));
    expect(page.lang).toBe('en');
    expect(page.date).toBe('2018-05-11');
    expect(page.speaker).toBe('Geng Shuang');
    const statements = pageStatements(page, 'en/t1558711.html', 'https://example.org/t1558711');
    const answers = statements.filter((s) => s.kind === 'answer');
    const questions = (read('en/t1558711.html').match(/>\s*Q:/g) ?? []).length;
    expect(answers.length).toBe(questions);
    expect(statements.some((s) => s.kind === 'announcement' && s.paragraphs[0]!.startsWith('At the invitation of President Julius Maada Wonie Bio'))).toBe(true);
    const first = answers[0]!;
    expect(first.question).toMatch(/^You just announced State Councilor and Foreign Minister Wang Yi's upcoming visit to France/);
    expect(first.paragraphs[0]).toMatch(/^France is a permanent member/);
    expect(first.paragraphs.length).toBe(2); // the whole multi-paragraph answer
    expect(first.paragraphs[1]).toMatch(/^During his visit to France/);
    expect(first.url).toBe('https://example.org/t1558711');
  });

  it('splits a 2016 Chinese press conference (问：/答： labels, ideographic indents)', async () => {
    const page = parsePage(read('zh/t1415586.html'));
    expect(page.lang).toBe('zh');
    expect(page.date).toBe('2016-11-15');
    expect(page.speaker).toBe('耿爽');
    const answers = pageStatements(page, 'zh', null).filter((s) => s.kind === 'answer');
    expect(answers.length).toBe((read('zh/t1415586.html').match(/问：/g) ?? []).length);
    expect(answers[0]!.question).toMatch(/^近日，美国国务院发布消息称/);
    expect(answers[0]!.paragraphs[0]).toMatch(/^中美执法合作是两国关系的重要组成部分/);
    expect(answers[0]!.paragraphs.length).toBe(4);
    expect(answers[1]!.question).toContain('核供应国集团（NSG）在维也纳召开会议');
  });

  it('reads 2020 pages where questions carry the outlet and answers the spokesperson name', async () => {
    const en = parsePage(read('en/t1767006.html'));
    expect(en.date).toBe('2020-04-07');
    expect(en.speaker).toBe('Zhao Lijian');
    const enAnswers = pageStatements(en, 'en', null).filter((s) => s.kind === 'answer');
    expect(enAnswers.length).toBeGreaterThanOrEqual(10);
    expect(enAnswers.every((a) => !/^Zhao Lijian:/.test(a.paragraphs[0]!))).toBe(true);
    expect(enAnswers[0]!.paragraphs[0]).toMatch(/^China and Italy are friends/);
    const zh = parsePage(read('zh/t1766913.html'));
    expect(zh.speaker).toBe('赵立坚');
    const zhAnswers = pageStatements(zh, 'zh', null).filter((s) => s.kind === 'answer');
    expect(zhAnswers.length).toBeGreaterThanOrEqual(10);
    expect(zhAnswers[0]!.paragraphs[0]).toMatch(/^中国和意大利是友好国家/);
    expect(zhAnswers[0]!.question).toMatch(/^据报道，英国《旁观者》杂志/);
  });
});

describe('page metadata', () => {
  it('reads dates and speakers from English and Chinese titles', async () => {
    expect(dateFromTitle("Foreign Ministry Spokesperson Lu Kang's Regular Press Conference on May 4, 2018")).toBe('2018-05-04');
    expect(dateFromTitle('2016年11月5日外交部发言人耿爽主持例行记者会')).toBe('2016-11-05');
    expect(dateFromTitle('Remarks on Hong Kong')).toBeNull();
    expect(speakerFromTitle("Foreign Ministry Spokesperson Hua Chunying's Remarks on August 5, 2019")).toBe('Hua Chunying');
    expect(speakerFromTitle('外交部发言人耿爽2月15日答记者问')).toBe('耿爽');
    expect(speakerFromTitle('外交部发言人陆慷就埃及发生恐怖袭击答记者问')).toBe('陆慷');
  });

  it('rejects a page without a press-conference body', async () => {
    expect(() => parsePage('<html><head><title>x</title></head><body><p>Nothing here</p></body></html>')).toThrow(PageError);
  });
});
