// Reader for Foreign Ministry press-conference pages (fmprc.gov.cn, English and Chinese, as published 2016–2020).
// A page is a title, a date, opening announcements, then questions ("Q:", "问：", or an outlet's name) each followed
// by a multi-paragraph answer ("A:", "答：", or the spokesperson's name).
import { Parser } from 'htmlparser2';
import { cleanText, detectLang } from './text.js';
import type { StatementInput } from './types.js';

export class PageError extends Error {}

interface Paragraph {
  text: string;
  /** Share of the paragraph's characters inside <b>/<strong>: questions are printed bold. */
  bold: number;
}

export interface ParsedPage {
  title: string;
  date: string | null;
  speaker: string | null;
  lang: 'en' | 'zh';
  paragraphs: Paragraph[];
}

const BLOCK = new Set(['p', 'div', 'br', 'h1', 'h2', 'h3', 'h4', 'li', 'tr', 'table', 'blockquote']);
const SKIP = new Set(['script', 'style', 'noscript']);

/** True for the body container: `<div class="content">` (English) or `#News_Body_Txt_A` (Chinese). */
function isBody(name: string, attrs: Record<string, string>): boolean {
  if (name !== 'div') return false;
  if (attrs.id === 'News_Body_Txt_A') return true;
  return (attrs.class ?? '').split(/\s+/).includes('content');
}

export function parsePage(html: string, hint: { title?: string; lang?: string } = {}): ParsedPage {
  const paragraphs: Paragraph[] = [];
  let title = '';
  let heading = '';
  let timeText = '';
  const imageDates: string[] = [];

  let inTitle = false;
  let inHeading = false;
  let inTime = false;
  let skipDepth = 0;
  let bodyDepth = 0; // >0 while inside the body container (counts nested divs)
  let boldDepth = 0;
  let buf = '';
  let boldChars = 0;

  const flush = () => {
    const text = cleanText(buf);
    if (text) {
      const letters = buf.replace(/\s/g, '').length || 1;
      paragraphs.push({ text, bold: Math.min(1, boldChars / letters) });
    }
    buf = '';
    boldChars = 0;
  };

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (SKIP.has(name)) skipDepth++;
        if (name === 'title') inTitle = true;
        if (name === 'h2' && (attrs.class ?? '').includes('title')) inHeading = true;
        if (attrs.id === 'News_Body_Time') inTime = true;
        if (bodyDepth > 0) {
          if (name === 'div') bodyDepth++;
          if (BLOCK.has(name)) flush();
          if (name === 'b' || name === 'strong') boldDepth++;
          if (name === 'img' && attrs.src) {
            const m = /W0(20\d{2})(\d{2})(\d{2})/.exec(attrs.src);
            if (m) imageDates.push(`${m[1]}-${m[2]}-${m[3]}`);
          }
        } else if (isBody(name, attrs)) bodyDepth = 1;
      },
      ontext(text) {
        if (skipDepth > 0) return;
        if (inTitle) title += text;
        if (inHeading) heading += text;
        if (inTime) timeText += text;
        if (bodyDepth > 0) {
          buf += text;
          if (boldDepth > 0) boldChars += text.replace(/\s/g, '').length;
        }
      },
      onclosetag(name) {
        if (SKIP.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        if (name === 'title') inTitle = false;
        if (name === 'h2') inHeading = false;
        if (inTime && (name === 'span' || name === 'div')) inTime = false;
        if (bodyDepth > 0) {
          if (name === 'b' || name === 'strong') boldDepth = Math.max(0, boldDepth - 1);
          if (BLOCK.has(name)) flush();
          if (name === 'div' && --bodyDepth === 0) flush();
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  flush();

  const fullTitle = cleanText(hint.title || heading || title).replace(/\s*[—-]\s*中华人民共和国外交部\s*$/, '');
  if (!paragraphs.length) throw new PageError('no press-conference body found (expected div.content or #News_Body_Txt_A)');
  const lang = hint.lang === 'zh' || hint.lang === 'en' ? hint.lang : detectLang(fullTitle + paragraphs.slice(0, 5).map((p) => p.text).join(''));
  const date = dateFromTitle(fullTitle) ?? /^\d{4}-\d{2}-\d{2}/.exec(timeText.trim())?.[0] ?? imageDates[0] ?? null;
  return { title: fullTitle, date, speaker: speakerFromTitle(fullTitle), lang, paragraphs };
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

export function dateFromTitle(title: string): string | null {
  const zh = /(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(title);
  if (zh) return `${zh[1]}-${zh[2]!.padStart(2, '0')}-${zh[3]!.padStart(2, '0')}`;
  const en = /\b(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{1,2}),?\s+(\d{4})/i.exec(title);
  if (en) return `${en[3]}-${String(MONTHS.indexOf(en[1]!.toLowerCase()) + 1).padStart(2, '0')}-${en[2]!.padStart(2, '0')}`;
  return null;
}

export function speakerFromTitle(title: string): string | null {
  const en = /Spokesperson\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+){1,2})(?:['’]s|\s+(?:Answers|on|Hosts|Remarks))/.exec(title);
  if (en) return en[1]!;
  const zh = /发言人([\p{Script=Han}·]{2,4}?)(?:主持|就|答|宣布|表示|应约|谈|发表|\d)/u.exec(title) ?? /^([\p{Script=Han}]{2,3})[:：]/u.exec(title);
  return zh ? zh[1]! : null;
}

const QUESTION_LABEL = /^(?:Q|Question|Follow-up(?: question)?|Journalist|Reporter|问|追问|记者)\s*[:：]\s*/i;
const ANSWER_LABEL = /^(?:A|Answer|答)\s*[:：]\s*/i;
// "Reuters:", "路透社记者：", "Zhao Lijian:" — a short label ending in a colon, as pages from 2020 write speakers.
const NAME_LABEL = /^([^:：。.!?？！，,]{2,40}?)\s*[:：]\s*/;
const AFTER_BRIEFING = /^(?:会后[，,]?有记者问|After the press conference)/i;

/** Splits a parsed page into statements: opening announcements, then one answer per question. */
export function pageStatements(page: ParsedPage, origin: string, url: string | null): StatementInput[] {
  const base = { lang: page.lang, date: page.date, speaker: page.speaker, role: 'state_official', url, title: page.title || null, origin };
  const out: StatementInput[] = [];
  let question: string | null = null;
  let answer: string[] = [];
  let seenQuestion = false;
  const speakerName = page.speaker?.toLowerCase();

  const closeAnswer = () => {
    if (answer.length) out.push({ ...base, kind: 'answer', question, paragraphs: answer });
    else if (question && AFTER_BRIEFING.test(question)) out.push({ ...base, kind: 'answer', question: null, paragraphs: [question] });
    answer = [];
  };

  for (const p of page.paragraphs) {
    const text = p.text;
    if (/^(?:Appendix|附件)\s*[:：]?\s*$/.test(text)) continue;
    const q = QUESTION_LABEL.exec(text);
    const a = ANSWER_LABEL.exec(text);
    const named = !q && !a ? NAME_LABEL.exec(text) : null;
    const label = named?.[1]?.trim().toLowerCase();
    const namedSpeaker = !!label && !!speakerName && (label === speakerName || label.endsWith(speakerName));
    const namedQuestion = !!named && !namedSpeaker && (p.bold > 0.5 || /记者$|reporter$|journalist$/i.test(label!));

    if (q || namedQuestion || (p.bold > 0.6 && AFTER_BRIEFING.test(text))) {
      closeAnswer();
      seenQuestion = true;
      question = text.slice((q ?? named)?.[0].length ?? 0).trim() || text;
    } else if (a || namedSpeaker) {
      closeAnswer();
      answer = [text.slice((a ?? named)![0].length).trim()];
    } else if (!seenQuestion) {
      if (text.length > 20) out.push({ ...base, kind: 'announcement', question: null, paragraphs: [text] });
    } else if (answer.length) {
      answer.push(text);
    } else if (question && AFTER_BRIEFING.test(question)) {
      // "After the press conference, a journalist asked about X." then the answer, unlabelled.
      answer.push(text);
    } else if (question) {
      question = `${question} ${text}`; // a question running over two paragraphs
    }
  }
  closeAnswer();
  return out.filter((s) => s.paragraphs.some((x) => x.length > 1));
}
