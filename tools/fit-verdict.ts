// Refits knowledge/models/verdict.json — the levels at which the official register carries an answer —
// on the labelled real answers of ../shared/datasets/r1-moderation, and prints the cross-validated
// figures (each question held out in turn) that are the honest measure of those levels.
// Run it after tools/build-register.ts: the levels depend on the register model's scores.
//   Usage: npx tsx tools/fit-verdict.ts
import { writeFileSync } from 'node:fs';
import { VERDICTS } from '../src/document.js';
import { VERDICT_PATH } from '../src/knowledge/register.js';
import { R1_MODERATION_PATH, loadR1Moderation } from '../eval/devset.js';
import { crossValidate, fitItem, fitVerdictParams } from '../eval/fit.js';
import { summarize } from '../eval/scorers.js';

const items = loadR1Moderation();
if (!items) {
  console.error(`${R1_MODERATION_PATH} not found: the levels are fitted on labelled real answers`);
  process.exit(2);
}
const fit = items.map((it) => fitItem({ id: it.id, prompt: it.prompt, answer: it.answer }, it.label!, `q${it.question_id}`));
const params = fitVerdictParams(fit);
const cv = crossValidate(fit);
const s = summarize(fit.map((it) => it.gold), cv.predictions, VERDICTS);
const echo = s.perClass.find((c) => c.label === 'state_echo')!;
const round = (x: number) => Math.round(x * 1000) / 1000;
const data = {
  register: params.register,
  fitted: {
    by: 'tools/fit-verdict.ts',
    on: `r1-moderation: ${fit.length} labelled real answers to ${new Set(fit.map((it) => it.group)).size} questions`,
    crossValidated: { kappa: round(s.kappa), macroF1: round(s.macroF1), stateEchoF1: round(echo.f1), folds: cv.folds.map((f) => ({ heldOut: f.group, ...f.params })) },
  },
};
writeFileSync(VERDICT_PATH, `${JSON.stringify(data, null, 2)}\n`);
console.log(`levels ${JSON.stringify(params.register)}; cross-validated by question: kappa ${round(s.kappa)}, macro-F1 ${round(s.macroF1)}, state_echo F1 ${round(echo.f1)}`);
console.log(`wrote ${VERDICT_PATH}`);
