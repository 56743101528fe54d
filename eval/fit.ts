// Fits the verdict's thresholds (knowledge/models/verdict.json) on labelled real answers, and
// cross-validates them by holding out whole questions: every answer to the held-out question is
// judged with thresholds fitted on the other questions only, so no figure comes from the answers
// it was tuned on.
import { VERDICTS, type Finding, type Verdict } from '../src/document.js';
import { prepareDocument, type AnalyzeOptions } from '../src/analysis/pipeline.js';
import { decide, JUMBLED, tally, type Jumbled, type Tally, type VerdictParams } from '../src/analysis/verdict.js';
import { REGISTER_LANGS, registerModel, type RegisterLang, type RegisterModel } from '../src/knowledge/register.js';
import { answerDocument, type AnswerInput } from '../src/readers/answer.js';
import { cohenKappa, confusionMatrix } from './scorers.js';

export interface FitItem {
  id: string;
  /** Items of one group (one question) are held out together. */
  group: string;
  lang: string;
  gold: Verdict;
  tally: Tally;
  findings: Finding[];
}

/** Runs the analysis once; the verdict is then re-decided for every candidate threshold. */
export function fitItem(input: AnswerInput & { id: string }, gold: Verdict, group: string, options: AnalyzeOptions = {}): FitItem {
  const ctx = prepareDocument(answerDocument(input), options);
  return { id: input.id, group, lang: ctx.doc.lang, gold, tally: tally(ctx), findings: ctx.doc.findings };
}

export function predictAll(items: FitItem[], params: VerdictParams): Verdict[] {
  return items.map((it) => decide(it.tally, params, it.findings).verdict);
}

const kappaOf = (items: FitItem[], params: VerdictParams) =>
  cohenKappa(confusionMatrix(items.map((it) => it.gold), predictAll(items, params), VERDICTS));

/**
 * Candidate levels for a language: from 0 (an answer whose sentences read, on average, no more
 * official than not) up to the sentence threshold (an answer whose every sentence reads official),
 * in steps of 0.025.
 */
function grid(model: RegisterModel, lang: RegisterLang): number[] {
  const top = model.langs[lang].threshold;
  return Array.from({ length: Math.floor(top / 0.025) + 1 }, (_, i) => Math.round(i * 25) / 1000);
}

/**
 * The thresholds that maximise Cohen's kappa, one language at a time (each threshold decides only
 * answers in its language). Among equally good levels the middle of the best run is taken, the
 * level farthest from where the result changes.
 */
export function fitVerdictParams(items: FitItem[], model: RegisterModel | null = registerModel()): VerdictParams {
  if (!model) throw new Error('no register model: run tools/build-register.ts');
  const params: VerdictParams = { register: { en: 0, zh: 0 } };
  for (let round = 0; round < 2; round++) {
    for (const lang of REGISTER_LANGS) {
      const levels = grid(model, lang);
      const scores = levels.map((level) => kappaOf(items, { register: { ...params.register, [lang]: level } }));
      params.register[lang] = middleOfBest(levels, scores);
    }
  }
  return params;
}

function middleOfBest(grid: number[], scores: number[]): number {
  const best = Math.max(...scores.map((s) => (Number.isNaN(s) ? -Infinity : s)));
  let run: number[] = [];
  let longest: number[] = [];
  scores.forEach((s, i) => {
    if (Math.abs(s - best) < 1e-9) run.push(i);
    else run = [];
    if (run.length > longest.length) longest = [...run];
  });
  return grid[longest[Math.floor((longest.length - 1) / 2)]];
}

export interface CrossValidation {
  /** Predictions in the order of the items, each made with thresholds fitted without its group. */
  predictions: Verdict[];
  folds: { group: string; n: number; params: Record<RegisterLang, number> }[];
}

/** Leave-one-group-out cross-validation of the fitted thresholds. */
export function crossValidate(items: FitItem[], model: RegisterModel | null = registerModel()): CrossValidation {
  const groups = [...new Set(items.map((it) => it.group))].sort();
  const predictions: Verdict[] = new Array(items.length);
  const folds: CrossValidation['folds'] = [];
  for (const group of groups) {
    const params = fitVerdictParams(items.filter((it) => it.group !== group), model);
    items.forEach((it, i) => {
      if (it.group === group) predictions[i] = decide(it.tally, params, it.findings).verdict;
    });
    folds.push({ group, n: items.filter((it) => it.group === group).length, params: params.register });
  }
  return { predictions, folds };
}

/**
 * Candidate thresholds for a broken-down answer (see JUMBLED in src/analysis/verdict.ts): how many junctions, in all and
 * per 1,000 characters. The kinds are not fitted: a text that takes one other script's words in (a Chinese lesson in
 * Russian words, a pinyin glossary) is no jumble, whatever the judge's data holds.
 */
export const JUMBLED_GRID: Jumbled[] = [5, 10, 15, 20, 30].flatMap((junctions) => [1, 2, 3, 5, 8].map((per1000) => ({ junctions, per1000, kinds: JUMBLED.kinds })));

export interface JumbledValidation {
  /** Predictions in the order of the items, each made with thresholds chosen without its fold of questions. */
  predictions: Verdict[];
  folds: { questions: number; n: number; jumbled: Jumbled }[];
}

/**
 * Cross-validation of the thresholds for a broken-down answer, by question: the questions are dealt into `k` folds,
 * and each fold's answers are judged with the thresholds that give the best kappa on the other folds (among equal
 * ones, the strictest). Only answers with at least the grid's fewest junctions can change with the thresholds; the
 * others are decided once.
 */
export function crossValidateJumbled(items: FitItem[], params: VerdictParams | null, k = 5): JumbledValidation {
  const fewest = Math.min(...JUMBLED_GRID.map((j) => j.junctions));
  const fixed = items.map((it) => (it.tally.jumbles.junctions < fewest ? decide(it.tally, params, it.findings).verdict : null));
  const byGrid = JUMBLED_GRID.map((jumbled) => items.map((it, i) => fixed[i] ?? decide(it.tally, params, it.findings, jumbled).verdict));
  const groups = [...new Set(items.map((it) => it.group))].sort();
  const foldOf = new Map(groups.map((g, i) => [g, i % k]));
  const predictions: Verdict[] = new Array(items.length);
  const folds: JumbledValidation['folds'] = [];
  for (let fold = 0; fold < k; fold++) {
    const train = items.map((_, i) => i).filter((i) => foldOf.get(items[i].group) !== fold);
    const scores = byGrid.map((verdicts) => cohenKappa(confusionMatrix(train.map((i) => items[i].gold), train.map((i) => verdicts[i]), VERDICTS)));
    const best = Math.max(...scores);
    // The strictest of the best: the most junctions, then the highest rate.
    let chosen = -1;
    scores.forEach((s, g) => {
      if (Math.abs(s - best) < 1e-9 && (chosen < 0 || strictness(JUMBLED_GRID[g]) > strictness(JUMBLED_GRID[chosen]))) chosen = g;
    });
    const held = items.map((_, i) => i).filter((i) => foldOf.get(items[i].group) === fold);
    for (const i of held) predictions[i] = byGrid[chosen][i];
    folds.push({ questions: groups.filter((g) => foldOf.get(g) === fold).length, n: held.length, jumbled: JUMBLED_GRID[chosen] });
  }
  return { predictions, folds };
}

const strictness = (j: Jumbled) => j.junctions * 1000 + j.per1000;
