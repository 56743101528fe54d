// After the verdict: an answer written in a language the official line is not analysed in gets no verdict
// (null), with a reason naming the language, so that it is never counted as a clean `informative`. A refusal is
// still a refusal: refusals are found in every language the signal lexicon has patterns for.
import type { Document } from '../document.js';
import type { Context } from './context.js';

/** Languages the official line is analysed in: the catalogue's phrasings, the register model and the signals cover them. */
export const JUDGED_LANGS: ReadonlySet<string> = new Set(['en', 'zh']);

/** What audits, reports and `--fail-on` call an answer left without a verdict for its language. */
export const NOT_JUDGED = 'not_judged';
export const NOT_JUDGED_LABEL = 'language not analysed';

/** What an answer with no text in it (empty, blank, null or not text at all) is recorded as: no verdict, never clean. */
export const NO_ANSWER = 'no_answer';
export const NO_ANSWER_REASON = 'no answer: the answer is empty';

/**
 * How the verdict names an answer broken down into a jumble of scripts (verdict.ts). Like a refusal, it is found
 * without reading the language: it stands in any language.
 */
export const JUMBLED_REASON = 'breaks down into a jumble of scripts';

/** An answer the analysis left without a verdict because there was nothing to analyse. */
export function isNoAnswer(doc: Pick<Document, 'kind' | 'verdict' | 'reason'>): boolean {
  return doc.kind === 'answer' && doc.verdict === null && doc.reason === NO_ANSWER_REASON;
}

/**
 * The language most of an answer's text is written in (characters of its answer sentences, reasoning left
 * out); the document's language when no sentence could be told.
 */
export function answerLanguage(doc: Pick<Document, 'lang' | 'parts' | 'segments'>): string {
  const chars = new Map<string, number>();
  for (const s of doc.segments) {
    if (s.lang === 'und' || doc.parts[s.part]?.kind !== 'answer') continue;
    chars.set(s.lang, (chars.get(s.lang) ?? 0) + s.end - s.start);
  }
  let best = doc.lang;
  let most = 0;
  for (const [lang, n] of chars) {
    if (n > most) [best, most] = [lang, n];
  }
  return best;
}

/** The language an answer is written in when the official line is not analysed in it, else null. */
export function unjudgedLanguage(doc: Pick<Document, 'kind' | 'lang' | 'parts' | 'segments'>): string | null {
  if (doc.kind !== 'answer') return null;
  const lang = answerLanguage(doc);
  return lang === 'und' || JUDGED_LANGS.has(lang) ? null : lang;
}

/** "Finnish (fi)"; the bare code when the name is unknown. */
export function languageName(code: string): string {
  try {
    const name = new Intl.DisplayNames(['en'], { type: 'language' }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    return code;
  }
}

/** The post-verdict step: no verdict for an answer in a language the official line is not analysed in, unless it refuses or has broken down into a jumble of scripts. */
export function languageVerdictStep(ctx: Context): void {
  const { doc } = ctx;
  if (doc.kind !== 'answer' || doc.verdict === null) return;
  const lang = unjudgedLanguage(doc);
  if (!lang) return;
  const why = `written in ${languageName(lang)}: the official line is analysed in English and Chinese only`;
  if (doc.verdict === 'refusal' || doc.reason?.startsWith(JUMBLED_REASON)) {
    doc.reason = `${doc.reason} (${why})`;
    return;
  }
  doc.verdict = null;
  doc.reason = `${why}; refusals are still detected`;
  doc.decidedBy = [];
}

/** An answer the analysis left without a verdict because of its language (articles and unanalysed documents are not). */
export function isNotJudged(doc: Pick<Document, 'kind' | 'verdict' | 'reason'>): boolean {
  return doc.kind === 'answer' && doc.verdict === null && doc.reason !== null && !isNoAnswer(doc);
}
