// Step: the official register. Every own-voice sentence of an answer or article that is long enough to
// judge is scored with the learned model (knowledge/models/register.json); sentences that read as the
// Foreign Ministry's own answers get a `register` finding. Quoted and reported sentences are someone
// else's words and are not scored. Headings and list labels are too short to judge.
import { sentenceRegister, type RegisterLang } from '../knowledge/register.js';
import type { Context } from './context.js';

/** Features a sentence needs before the model judges it (about five English words, seven Chinese characters). */
export const MIN_FEATURES = 10;
const LABEL = /^\s*(#{1,6}\s|[-*+•]\s*\*\*[^*]*\*\*\s*[:：]?\s*$)|[:：]\s*(\*\*)?\s*$/;

export function registerStep(ctx: Context): void {
  const { doc, register } = ctx;
  const scores = (ctx.registerScores = new Map());
  if (!register) return;
  for (const seg of doc.segments) {
    const part = doc.parts[seg.part].kind;
    if (seg.voice !== 'own' || part === 'reasoning' || (seg.lang !== 'en' && seg.lang !== 'zh')) continue;
    if (LABEL.test(seg.text)) continue;
    const lang = seg.lang as RegisterLang;
    const { score, n } = sentenceRegister(register, ctx.norm, seg.start, seg.end, lang);
    if (n < MIN_FEATURES) continue;
    scores.set(seg, score);
    const threshold = register.langs[lang].threshold;
    if (score < threshold) continue;
    doc.findings.push({
      kind: 'register',
      start: seg.start,
      end: seg.end,
      text: seg.text,
      voice: 'own',
      part,
      lang,
      weight: Math.round(score * 100) / 100,
      message: `reads as the official register (score ${score.toFixed(2)}, threshold ${threshold.toFixed(2)})`,
    });
  }
}
