// `npm run eval analyzer`: scores the analyzer's verdicts against the labelled development set, then
// measures false alarms and refusal detection on the real SpeechMap control answers (US/Russia/EU).
// Prints the figures and writes them to eval/results/analyzer.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { VERDICTS, type Document, type Finding, type Verdict } from '../src/document.js';
import { analyzeAnswer, decideDocument, prepareDocument } from '../src/analysis/pipeline.js';
import { isNoAnswer, isNotJudged, JUMBLED_REASON } from '../src/analysis/languages.js';
import { JUMBLED, tally, type Tally } from '../src/analysis/verdict.js';
import { verdictParams } from '../src/knowledge/register.js';
import { answerDocument } from '../src/readers/answer.js';
import { CONTROLS_DRAWS, describeDevset, extraLabelledSets, HELDOUT_PATH, loadControlsLabels, loadDevset, loadR1Moderation, loadSpeechMap, R1_MODERATION_PATH, SPEECHMAP_DIR, type ControlsLabel, type DevItem, type R1Item } from './devset.js';
import { crossValidate, crossValidateJumbled, fitItem, fitVerdictParams, predictAll, type CrossValidation, type FitItem, type JumbledValidation } from './fit.js';
import { NONE, classScore, formatConfusion, summarize, wilson, type EvalSummary, type Proportion } from './scorers.js';

export const RESULTS_PATH = fileURLToPath(new URL('./results/analyzer.json', import.meta.url));
const SHOW_MISSES = 30;

export interface Prediction {
  verdict: Verdict | null;
  reason: string | null;
  /** Set when the analyzer threw or returned no verdict. */
  error?: string;
  /** Written in a language the official line is not analysed in: no verdict, by design (scored in the none column). */
  notJudged?: boolean;
  /** Nothing written once the reasoning is set apart (a trace cut off before its answer): no verdict, by design. */
  noAnswer?: boolean;
  /** What the verdict weighed (predictWithTally). */
  fit?: { tally: Tally; findings: Finding[] };
}

export type PredictInput = { id: string; prompt?: string; answer: string; lang?: string };
export type Predictor = (input: PredictInput) => Prediction;

/** Runs the analyzer on one answer; a throw or a missing verdict becomes an error, never a crash. */
export function predict(input: PredictInput): Prediction {
  try {
    return predictionOf(analyzeAnswer(input));
  } catch (e) {
    return { verdict: null, reason: null, error: `threw: ${(e as Error).message}` };
  }
}

function predictionOf(doc: Document): Prediction {
  const verdict = doc.verdict;
  if (isNotJudged(doc)) return { verdict: null, reason: doc.reason, notJudged: true };
  if (isNoAnswer(doc)) return { verdict: null, reason: doc.reason, noAnswer: true };
  if (verdict === null || verdict === undefined) return { verdict: null, reason: doc.reason ?? null, error: 'no verdict (null)' };
  if (!(VERDICTS as readonly string[]).includes(verdict)) return { verdict: null, reason: null, error: `unknown verdict "${String(verdict)}"` };
  return { verdict, reason: doc.reason ?? null };
}

/** predict, keeping what the verdict weighed (its tally and the findings), so that it can be decided again with other thresholds. */
export function predictWithTally(input: PredictInput): Prediction {
  try {
    const ctx = prepareDocument(answerDocument(input));
    const fit = { tally: tally(ctx), findings: ctx.doc.findings };
    return { ...predictionOf(decideDocument(ctx)), fit };
  } catch (e) {
    return { verdict: null, reason: null, error: `threw: ${(e as Error).message}` };
  }
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const num = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(3));

function formatScores(s: EvalSummary): string {
  const lines = [`${'verdict'.padEnd(12)}  ${'P'.padStart(6)}  ${'R'.padStart(6)}  ${'F1'.padStart(6)}  ${'gold'.padStart(5)}  ${'pred'.padStart(5)}`];
  for (const c of s.perClass) {
    lines.push(`${c.label.padEnd(12)}  ${num(c.precision).padStart(6)}  ${num(c.recall).padStart(6)}  ${num(c.f1).padStart(6)}  ${String(c.support).padStart(5)}  ${String(c.predicted).padStart(5)}`);
  }
  lines.push(`n=${s.n}  accuracy ${num(s.accuracy)}  macro-F1 ${num(s.macroF1)}  Cohen's kappa ${num(s.kappa)}`);
  return lines.join('\n');
}

function printSlice(title: string, s: EvalSummary): void {
  console.log(`\n--- ${title} ---`);
  console.log(formatConfusion(s.confusion));
  console.log(formatScores(s));
}

const formatProportion = (p: Proportion) => `${p.count}/${p.total} = ${pct(p.rate)} (95% Wilson ${pct(p.low)}–${pct(p.high)})`;

export interface DevsetResult {
  n: number;
  errors: { id: string; error: string }[];
  /** Answers that are all reasoning (no verdict by design, scored in the none column). */
  noAnswer: string[];
  overall: EvalSummary;
  byLang: Record<string, EvalSummary>;
  hard: EvalSummary;
  byTag: Record<string, { n: number; accuracy: number }>;
  misclassified: { id: string; lang: string; topic: string; gold: Verdict; predicted: Verdict | null; rationale: string; reason: string | null }[];
  seconds: number;
}

export function evaluateDevset(items: DevItem[], predictOne: Predictor = predict): DevsetResult {
  const t0 = performance.now();
  const preds = items.map((it, i) => {
    const p = predictOne({ id: it.id, prompt: it.prompt, answer: it.answer, lang: it.lang });
    progress('dev set', 100, i + 1, items.length, t0);
    return p;
  });
  const seconds = (performance.now() - t0) / 1000;
  const slice = (keep: (it: DevItem) => boolean) => {
    const idx = items.map((it, i) => (keep(it) ? i : -1)).filter((i) => i >= 0);
    return summarize(idx.map((i) => items[i].verdict), idx.map((i) => preds[i].verdict), VERDICTS);
  };
  const byTag: DevsetResult['byTag'] = {};
  for (const tag of [...new Set(items.flatMap((it) => it.tags))].sort()) {
    const idx = items.map((it, i) => (it.tags.includes(tag) ? i : -1)).filter((i) => i >= 0);
    byTag[tag] = { n: idx.length, accuracy: idx.filter((i) => preds[i].verdict === items[i].verdict).length / idx.length };
  }
  return {
    n: items.length,
    errors: items.flatMap((it, i) => (preds[i].error ? [{ id: it.id, error: preds[i].error! }] : [])),
    noAnswer: items.flatMap((it, i) => (preds[i].noAnswer ? [it.id] : [])),
    overall: slice(() => true),
    byLang: { en: slice((it) => it.lang === 'en'), zh: slice((it) => it.lang === 'zh') },
    hard: slice((it) => it.tags.includes('hard')),
    byTag,
    misclassified: items.flatMap((it, i) =>
      preds[i].verdict === it.verdict
        ? []
        : [{ id: it.id, lang: it.lang, topic: it.topic, gold: it.verdict, predicted: preds[i].verdict, rationale: it.rationale, reason: preds[i].reason }],
    ),
    seconds,
  };
}

export interface RealSetResult {
  n: number;
  /** Cross-validated by question: each answer judged with thresholds fitted on the other questions. */
  crossValidated: {
    overall: EvalSummary;
    byLang: Record<string, EvalSummary>;
    byQuestion: Record<string, EvalSummary>;
    /** The file's own labels, and the project's labels of the answers it left unlabelled (when there are any). */
    bySource: Partial<Record<R1Item['labelledBy'], EvalSummary>>;
  };
  folds: CrossValidation['folds'];
  /** The shipped thresholds on all answers: in-sample, for reference only. */
  inSample: { params: Record<string, number>; overall: EvalSummary };
  misclassified: { id: string; gold: Verdict; predicted: Verdict }[];
  seconds: number;
}

/** r1-moderation: real answers labelled by two annotators; thresholds cross-validated by holding out whole questions. */
export function evaluateRealSet(items: R1Item[]): RealSetResult {
  const t0 = performance.now();
  const fit = items.map((it) => fitItem({ id: it.id, prompt: it.prompt, answer: it.answer }, it.label!, `q${it.question_id}`));
  const cv = crossValidate(fit);
  const slice = (keep: (it: R1Item) => boolean) => {
    const idx = items.map((it, i) => (keep(it) ? i : -1)).filter((i) => i >= 0);
    return summarize(idx.map((i) => items[i].label!), idx.map((i) => cv.predictions[i]), VERDICTS);
  };
  const params = fitVerdictParams(fit);
  const inSample = predictAll(fit, params);
  const byQuestion: Record<string, EvalSummary> = {};
  for (const q of [...new Set(items.map((it) => it.question_id))].sort()) byQuestion[`q${q}`] = slice((it) => it.question_id === q);
  const bySource: RealSetResult['crossValidated']['bySource'] = {};
  if (items.some((it) => it.labelledBy === 'project')) for (const source of ['dataset', 'project'] as const) bySource[source] = slice((it) => it.labelledBy === source);
  return {
    n: items.length,
    crossValidated: { overall: slice(() => true), byLang: { en: slice((it) => it.lang === 'en'), zh: slice((it) => it.lang === 'zh') }, byQuestion, bySource },
    folds: cv.folds,
    inSample: { params: params.register, overall: summarize(items.map((it) => it.label!), inSample, VERDICTS) },
    misclassified: items.flatMap((it, i) => (cv.predictions[i] === it.label ? [] : [{ id: it.id, gold: it.label!, predicted: cv.predictions[i] }])),
    seconds: (performance.now() - t0) / 1000,
  };
}

function printRealSet(r: RealSetResult, title = `r1-moderation: ${r.n} real answers, each labelled by two annotators (data: r1-moderation, ISC)`): void {
  console.log(`\n=== ${title} ===`);
  console.log('Cross-validated by question: every answer is judged with thresholds fitted on the other questions only.');
  for (const f of r.folds) console.log(`  held out ${f.group} (${f.n} answers): thresholds fitted on the rest ${JSON.stringify(f.params)}`);
  printSlice('r1-moderation, all answers (cross-validated)', r.crossValidated.overall);
  printSlice('r1-moderation, English (cross-validated)', r.crossValidated.byLang.en);
  printSlice('r1-moderation, Chinese (cross-validated)', r.crossValidated.byLang.zh);
  const { dataset, project } = r.crossValidated.bySource;
  if (dataset) printSlice("r1-moderation, sample 0 (the dataset's labels; cross-validated)", dataset);
  if (project) printSlice("r1-moderation, samples 1 and 2 (the project's blind labels; no rule was written looking at them but two answers, see docs/evaluation.md; cross-validated)", project);
  console.log('\n--- by question (cross-validated) ---');
  for (const [q, s] of Object.entries(r.crossValidated.byQuestion)) console.log(`  ${q}  n=${s.n}  accuracy ${num(s.accuracy)}  kappa ${num(s.kappa)}`);
  const ins = r.inSample.overall;
  console.log(`\nShipped thresholds ${JSON.stringify(r.inSample.params)} on all answers (in-sample, not a measure): accuracy ${num(ins.accuracy)}, macro-F1 ${num(ins.macroF1)}, kappa ${num(ins.kappa)}`);
  console.log(`\n--- misclassified (cross-validated): ${r.misclassified.length} ---`);
  for (const m of r.misclassified) console.log(`  ${m.id}: gold ${m.gold}, got ${m.predicted}`);
}

/** Models built on weights from Chinese developers (DeepSeek, Qwen, GLM, Kimi) and their fine-tunes. */
export const CHINESE_ORIGIN = /deepseek|qwen|thudm|glm|moonshot|kimi|r1-1776|mai-ds-r1|r1t-chimera/i;

export interface ControlsResult {
  files: string[];
  /** Set when MOUTHPIECE_EVAL_CONTROLS limited the run to an even sample. */
  sampledFrom: number | null;
  malformedLines: { file: string; line: number; message: string }[];
  answers: number;
  /** Lines with no answer text (provider errors): not analysed. */
  withoutText: number;
  errors: number;
  /** Answers in a language the official line is not analysed in (no verdict by design). */
  notJudged: number;
  /** Answers whose text is all reasoning, none written after it (no verdict by design). */
  noAnswer: number;
  /**
   * How often the analyzer reads these answers as `state_echo`. None of the requests is about China, so each is a
   * false alarm unless the answer itself switches to the PRC's voice: `blindRead` says which, where annotators read them.
   */
  stateEcho: { overall: Proportion; byCategory: Record<string, Proportion>; otherOrigin: Proportion; chineseOrigin: Proportion };
  stateEchoAnswers: { id: string; reason: string | null }[];
  blindRead: BlindRead | null;
  refusalVsDenial: {
    /** Analyzer refusal (rows: judge DENIAL yes/no; columns: analyzer refusal yes/no). */
    table: { denialRefusal: number; denialOther: number; otherRefusal: number; otherOther: number };
    precision: number;
    recall: number;
    kappa: number;
  };
  threeWay: EvalSummary;
  /**
   * The 3-way agreement with the thresholds for a broken-down answer chosen on other questions (null when the
   * predictor kept no tallies), and how many answers each outcome of the shipped thresholds took.
   */
  jumbled: { crossValidated: EvalSummary; folds: JumbledValidation['folds']; judged: number; shipped: Record<string, number> } | null;
  seconds: number;
  answersPerSecond: number;
}

/** The analyzer's `state_echo` on the control answers against the project's blind labels of some of them (eval/data). */
export interface BlindRead {
  /** Labelled answers in this run, and how many of them the two annotators labelled alike. */
  labelled: number;
  annotatorsAgree: number;
  /** Of the answers the analyzer read as state_echo: how many were labelled, and how many of those as state_echo. */
  read: number;
  confirmed: number;
  /** Labelled answers the analyzer read as state_echo that the annotators did not: its false alarms among those read. */
  falseAlarms: Proportion;
  /** Answers the analyzer read as state_echo that nobody labelled (the code changed since they were drawn). */
  notRead: string[];
  /** The false alarms if every one of those not labelled is one: the figure to quote until they are labelled. */
  worstCase: Proportion;
  /** Labels whose answer is not in this run (a sample of the controls, or data that changed). */
  absent: number;
  /** Labelled answers the analyzer did not read as state_echo, and those of them the annotators did (its misses). */
  otherRead: number;
  missed: string[];
  /**
   * Per way of drawing (eval/devset.ts CONTROLS_DRAWS): how many, the annotators' labels, and how many the analyzer
   * reads as they do now. The draws are strata, not a sample of all answers: read each on its own.
   */
  byDraw: Record<string, { n: number; labels: Partial<Record<Verdict, number>>; agree: number }>;
  /** The analyzer against the annotators on every labelled answer (a stratified set: a check, not a population estimate). */
  all: EvalSummary;
}

function blindRead(items: { id: string }[], preds: Prediction[], labels: Map<string, ControlsLabel> | null): BlindRead | null {
  if (!labels) return null;
  const labelled = items.flatMap((it, i) => {
    const l = labels.get(it.id);
    return l ? [{ id: it.id, l, verdict: preds[i].verdict }] : [];
  });
  const flagged = labelled.filter((x) => x.verdict === 'state_echo');
  const notRead = items.flatMap((it, i) => (preds[i].verdict === 'state_echo' && !labels.has(it.id) ? [it.id] : []));
  const others = labelled.filter((x) => x.verdict !== 'state_echo');
  const confirmed = flagged.filter((x) => x.l.label === 'state_echo').length;
  return {
    labelled: labelled.length,
    annotatorsAgree: labelled.filter((x) => x.l.annotators[0].label === x.l.annotators[1].label).length,
    read: flagged.length,
    confirmed,
    falseAlarms: wilson(flagged.length - confirmed, flagged.length),
    notRead,
    worstCase: wilson(flagged.length - confirmed + notRead.length, flagged.length + notRead.length),
    absent: labels.size - labelled.length,
    otherRead: others.length,
    missed: others.filter((x) => x.l.label === 'state_echo').map((x) => x.id),
    byDraw: Object.fromEntries(
      CONTROLS_DRAWS.flatMap((draw) => {
        const drawn = labelled.filter((x) => x.l.drawn === draw);
        if (!drawn.length) return [];
        const labels: Partial<Record<Verdict, number>> = {};
        for (const x of drawn) labels[x.l.label] = (labels[x.l.label] ?? 0) + 1;
        return [[draw, { n: drawn.length, labels, agree: drawn.filter((x) => x.verdict === x.l.label).length }]];
      }),
    ),
    all: summarize(labelled.map((x) => x.l.label), labelled.map((x) => x.verdict), VERDICTS),
  };
}

/** Every k-th item so that at most `limit` remain: a quick, deterministic, category-balanced sample. */
function evenSample<T>(items: T[], limit: number): T[] {
  if (!(limit > 0) || items.length <= limit) return items;
  const step = items.length / limit;
  return Array.from({ length: limit }, (_, i) => items[Math.floor(i * step)]);
}

/** Progress on stderr, so a slow analyzer looks slow rather than hung. */
function progress(label: string, every: number, done: number, total: number, t0: number): void {
  if (total <= every || (done % every !== 0 && done !== total)) return;
  const rate = done / ((performance.now() - t0) / 1000);
  process.stderr.write(`  ${label}: ${done}/${total} answers (${rate.toFixed(1)}/s)\n`);
}

export function evaluateControls(dir = SPEECHMAP_DIR, limit = 0, predictOne: Predictor = predict, labels = loadControlsLabels()): ControlsResult | null {
  const loaded = loadSpeechMap(dir);
  if (!loaded) return null;
  const allWithText = loaded.items.filter((it) => typeof it.answer === 'string' && it.answer.trim() !== '');
  const withTextCount = allWithText.length;
  const withText = evenSample(allWithText, limit);
  const t0 = performance.now();
  const preds = withText.map((it, i) => {
    const p = predictOne({ id: it.id, prompt: it.question, answer: it.answer as string });
    progress('controls', 500, i + 1, withText.length, t0);
    return p;
  });
  const seconds = (performance.now() - t0) / 1000;

  const echoes = (keep: (i: number) => boolean) => {
    const idx = withText.map((_, i) => i).filter(keep);
    return wilson(idx.filter((i) => preds[i].verdict === 'state_echo').length, idx.length);
  };
  const byCategory: Record<string, Proportion> = {};
  for (const cat of [...new Set(withText.map((it) => it.category))].sort()) byCategory[cat] = echoes((i) => withText[i].category === cat);

  // Judge comparisons use only the three real labels; ERROR_… labels are provider moderation, not model behaviour.
  const judged = withText.map((it, i) => i).filter((i) => ['COMPLETE', 'EVASIVE', 'DENIAL'].includes(withText[i].judge_label));
  const isDenial = judged.map((i) => withText[i].judge_label === 'DENIAL');
  const isRefusal = judged.map((i) => preds[i].verdict === 'refusal');
  const binary = summarize(
    isDenial.map((d) => (d ? 'refusal' : 'other')),
    isRefusal.map((r) => (r ? 'refusal' : 'other')),
    ['refusal', 'other'],
  );
  const count = (d: boolean, r: boolean) => isDenial.filter((x, k) => x === d && isRefusal[k] === r).length;
  const refusalScore = classScore(binary.confusion, 'refusal');
  const mapping: Record<string, Verdict> = { COMPLETE: 'informative', EVASIVE: 'deflection', DENIAL: 'refusal' };
  const threeWay = summarize(
    judged.map((i) => mapping[withText[i].judge_label]),
    judged.map((i) => preds[i].verdict),
    ['informative', 'deflection', 'refusal'],
    ['state_echo'],
  );

  return {
    jumbled: jumbledValidation(judged.map((i) => ({ item: withText[i], pred: preds[i] })), mapping),
    files: loaded.files,
    sampledFrom: withText.length < withTextCount ? withTextCount : null,
    malformedLines: loaded.errors,
    answers: withText.length,
    withoutText: loaded.items.length - withTextCount,
    errors: preds.filter((p) => p.error).length,
    notJudged: preds.filter((p) => p.notJudged).length,
    noAnswer: preds.filter((p) => p.noAnswer).length,
    stateEcho: {
      overall: echoes(() => true),
      byCategory,
      otherOrigin: echoes((i) => !CHINESE_ORIGIN.test(withText[i].model)),
      chineseOrigin: echoes((i) => CHINESE_ORIGIN.test(withText[i].model)),
    },
    stateEchoAnswers: withText.flatMap((it, i) => (preds[i].verdict === 'state_echo' ? [{ id: it.id, reason: preds[i].reason }] : [])),
    blindRead: blindRead(withText, preds, labels),
    refusalVsDenial: {
      table: { denialRefusal: count(true, true), denialOther: count(true, false), otherRefusal: count(false, true), otherOther: count(false, false) },
      precision: refusalScore.precision,
      recall: refusalScore.recall,
      kappa: binary.kappa,
    },
    threeWay,
    seconds,
    answersPerSecond: seconds > 0 ? withText.length / seconds : 0,
  };
}

/**
 * The thresholds for an answer broken down into a jumble of scripts, cross-validated by question on the answers the
 * judge labelled: the judge's labels mapped as in the 3-way table. Answers the analyzer gives no verdict (language not
 * analysed, no answer) take no part in choosing thresholds and stay in the table's none column, as in the 3-way table.
 */
function jumbledValidation(judged: { item: { question: string; judge_label: string }; pred: Prediction }[], mapping: Record<string, Verdict>): ControlsResult['jumbled'] {
  if (!judged.length || judged.some(({ pred }) => !pred.fit && !pred.error)) return null;
  const withVerdict = judged.flatMap(({ pred }, i) => (pred.fit && pred.verdict ? [i] : []));
  const items: FitItem[] = withVerdict.map((i) => {
    const { item, pred } = judged[i];
    return { id: String(i), group: item.question, lang: '', gold: mapping[item.judge_label], tally: pred.fit!.tally, findings: pred.fit!.findings };
  });
  const cv = crossValidateJumbled(items, verdictParams());
  const predicted: (Verdict | null)[] = judged.map(() => null);
  withVerdict.forEach((i, k) => (predicted[i] = cv.predictions[k]));
  const shipped: Record<string, number> = {};
  for (const { item, pred } of judged) if (pred.reason?.startsWith(JUMBLED_REASON)) shipped[item.judge_label] = (shipped[item.judge_label] ?? 0) + 1;
  const crossValidated = summarize(
    judged.map(({ item }) => mapping[item.judge_label]),
    predicted,
    ['informative', 'deflection', 'refusal'],
    ['state_echo'],
  );
  return { crossValidated, folds: cv.folds, judged: judged.length, shipped };
}

function printDevset(r: DevsetResult): void {
  console.log(`Development set: ${r.n} answers, analysed in ${r.seconds.toFixed(2)} s`);
  if (r.noAnswer.length > 0) console.log(`${r.noAnswer.length} answer(s) with no answer, only reasoning (column ${NONE}): ${r.noAnswer.join(', ')}`);
  if (r.errors.length > 0) {
    const kinds = new Map<string, number>();
    for (const e of r.errors) kinds.set(e.error, (kinds.get(e.error) ?? 0) + 1);
    console.log(`ERRORS: ${r.errors.length} answer(s) got no verdict (scored as wrong, column ${NONE}):`);
    for (const [k, n] of kinds) console.log(`  ${n} × ${k}`);
  }
  printSlice('all answers', r.overall);
  printSlice('English', r.byLang.en);
  printSlice('Chinese', r.byLang.zh);
  printSlice("'hard'-tagged answers", r.hard);
  console.log('\n--- accuracy by tag ---');
  for (const [tag, s] of Object.entries(r.byTag)) console.log(`  ${tag.padEnd(28)} ${String(s.n).padStart(4)}  ${pct(s.accuracy)}`);
  console.log(`\n--- misclassified: ${r.misclassified.length} (first ${Math.min(SHOW_MISSES, r.misclassified.length)}) ---`);
  for (const m of r.misclassified.slice(0, SHOW_MISSES)) {
    console.log(`  ${m.id} [${m.lang}, ${m.topic}] gold ${m.gold}, got ${m.predicted ?? NONE} — ${m.rationale}${m.reason ? `\n      analyzer: ${m.reason}` : ''}`);
  }
}

function printControls(c: ControlsResult): void {
  console.log(`\n=== SpeechMap controls (US / Russia / EU criticism; data: SpeechMap, Apache-2.0) ===`);
  if (c.sampledFrom) console.log(`SAMPLE: ${c.answers} of ${c.sampledFrom} answers (MOUTHPIECE_EVAL_CONTROLS); unset it for the full figures.`);
  console.log(`${c.answers} answers analysed in ${c.seconds.toFixed(2)} s (${Math.round(c.answersPerSecond)} answers/s); ${c.withoutText} without answer text skipped`);
  if (c.malformedLines.length > 0) {
    console.log(`${c.malformedLines.length} malformed line(s) skipped:`);
    for (const e of c.malformedLines.slice(0, 10)) console.log(`  ${e.file}:${e.line}: ${e.message}`);
  }
  if (c.errors > 0) console.log(`ERRORS: ${c.errors} answer(s) got no verdict`);
  if (c.notJudged > 0) console.log(`${c.notJudged} answer(s) not judged: written in a language the official line is not analysed in (column ${NONE})`);
  if (c.noAnswer > 0) console.log(`${c.noAnswer} answer(s) with no answer: a reasoning trace cut off before the answer (column ${NONE})`);
  console.log(`\nstate_echo on answers to requests about other states: ${formatProportion(c.stateEcho.overall)}`);
  for (const [cat, p] of Object.entries(c.stateEcho.byCategory)) console.log(`  ${cat.padEnd(18)} ${formatProportion(p)}`);
  console.log(`  models not built on Chinese weights: ${formatProportion(c.stateEcho.otherOrigin)}`);
  console.log(`  models built on Chinese weights (DeepSeek, Qwen, GLM, Kimi and fine-tunes): ${formatProportion(c.stateEcho.chineseOrigin)}`);
  for (const ex of c.stateEchoAnswers.slice(0, 10)) console.log(`    ${ex.id}${ex.reason ? ` — ${ex.reason}` : ''}`);
  const b = c.blindRead;
  if (!b) console.log('  (no blind labels: eval/data/speechmap-controls-labels.jsonl is absent, so every state_echo counts as a false alarm)');
  else {
    console.log(`labelled blind by two annotators (eval/data/speechmap-controls-labels.jsonl; ${b.labelled} answers here, the two agree on ${b.annotatorsAgree}${b.absent ? `; ${b.absent} labels for answers not in this run` : ''}):`);
    console.log(`  of the ${c.stateEchoAnswers.length} answers the analyzer reads as state_echo, ${b.read} are labelled: ${b.confirmed} speak the PRC's line in their own voice; false alarms among them ${formatProportion(b.falseAlarms)}`);
    if (b.notRead.length) {
      console.log(`  ${b.notRead.length} not labelled (the code changed since the labels were drawn): ${b.notRead.slice(0, 10).join(', ')}${b.notRead.length > 10 ? ', …' : ''}`);
      console.log(`  counting each of them as a false alarm until labelled: ${formatProportion(b.worstCase)}`);
    }
    console.log(`  of ${b.otherRead} labelled answers not read as state_echo, ${b.missed.length} ${b.missed.length === 1 ? 'is' : 'are'} state_echo to the annotators${b.missed.length ? `: ${b.missed.join(', ')}` : ''}`);
    console.log('  by how they were drawn (strata, each read on its own): the annotators\' labels, and how many the analyzer now reads alike');
    for (const [draw, d] of Object.entries(b.byDraw)) {
      const labels = Object.entries(d.labels).map(([l, n]) => `${l} ${n}`).join(', ');
      console.log(`    ${draw.padEnd(21)} ${String(d.n).padStart(3)}: ${labels}; analyzer alike ${d.agree}/${d.n}`);
    }
    console.log('  the analyzer against the annotators on all of them (stratified: a check, not an estimate for all answers):');
    console.log(formatConfusion(b.all.confusion));
    console.log(formatScores(b.all));
  }
  const t = c.refusalVsDenial.table;
  console.log(`\nanalyzer refusal vs judge DENIAL (judge labels are another system's output, not ground truth):`);
  console.log(`                     analyzer refusal   other`);
  console.log(`  judge DENIAL       ${String(t.denialRefusal).padStart(16)}  ${String(t.denialOther).padStart(6)}`);
  console.log(`  judge other        ${String(t.otherRefusal).padStart(16)}  ${String(t.otherOther).padStart(6)}`);
  console.log(`  precision ${num(c.refusalVsDenial.precision)}  recall ${num(c.refusalVsDenial.recall)}  kappa ${num(c.refusalVsDenial.kappa)}`);
  console.log(`\n3-way agreement (COMPLETE→informative, EVASIVE→deflection, DENIAL→refusal; state_echo its own column):`);
  console.log(formatConfusion(c.threeWay.confusion));
  console.log(formatScores(c.threeWay));
  if (!c.jumbled) return;
  const j = c.jumbled;
  const shipped = Object.entries(j.shipped).map(([label, n]) => `${label} ${n}`).join(', ') || 'none';
  const t3 = (x: { junctions: number; per1000: number; kinds: number }) => `${x.junctions}/${x.per1000}/${x.kinds}`;
  console.log(`\nanswers broken down into a jumble of scripts, with the shipped thresholds (${t3(JUMBLED)}: junctions, per 1,000 characters, kinds; the first two fitted on these answers), by judge label: ${shipped}`);
  console.log(`cross-validated by question (${j.folds.length} folds of questions, each judged with the thresholds best on the others: ${j.folds.map((f) => t3(f.jumbled)).join(', ')}); the same ${j.judged} answers as the 3-way table:`);
  console.log(formatConfusion(j.crossValidated.confusion));
  console.log(formatScores(j.crossValidated));
}

/** Writes the figures so far; called after each part, so a run stopped during the controls keeps the dev-set figures. */
function writeResults(result: Record<string, unknown>): void {
  mkdirSync(dirname(RESULTS_PATH), { recursive: true });
  writeFileSync(RESULTS_PATH, JSON.stringify({ generatedAt: new Date().toISOString(), ...result }, null, 2) + '\n');
}

export async function run(): Promise<void> {
  const t0 = performance.now();
  // The first call loads and compiles the knowledge; time it apart so the per-answer figures are steady-state.
  predict({ id: 'warm-up', answer: 'Warm-up.' });
  const startupSeconds = (performance.now() - t0) / 1000;
  console.log(`Analyzer start-up (knowledge loading, first call): ${startupSeconds.toFixed(2)} s`);
  const result: Record<string, unknown> = {
    note: 'Produced by `npm run eval analyzer`. Real answers first: r1-moderation (cross-validated by question), then the development set written for the project, then SpeechMap control answers.',
    startupSeconds,
  };
  const real = loadR1Moderation();
  if (real) {
    const r = evaluateRealSet(real);
    printRealSet(r);
    result.r1Moderation = r;
  } else console.log(`\nr1-moderation skipped: ${R1_MODERATION_PATH} not found (no figures on real labelled answers).`);
  // The team's own labels (mouthpiece review export), scored the same way.
  for (const file of extraLabelledSets()) {
    const labelled = loadR1Moderation(file);
    if (!labelled) throw new Error(`MOUTHPIECE_EVAL_LABELS names ${file}, which does not exist`);
    const r = evaluateRealSet(labelled);
    printRealSet(r, `${file}: ${r.n} answers labelled by reviewers (mouthpiece review export)`);
    result[`labels:${file}`] = r;
  }
  writeResults(result);

  console.log('\n=== Development set (written for the project) ===');
  const items = loadDevset();
  const composition = describeDevset(items);
  const counts = (r: Record<string, number>) => Object.entries(r).map(([k, n]) => `${k} ${n}`).join(', ');
  console.log(`Dev set: ${composition.total} answers (${counts(composition.byLang)}); ${counts(composition.byVerdict)}; ${composition.byTag.hard ?? 0} tagged hard`);
  const devset = evaluateDevset(items);
  printDevset(devset);
  Object.assign(result, { devsetComposition: composition, devset, speechmapControls: { pending: 'the run stopped before the controls finished' } });
  writeResults(result);

  // Held-out answers: figures only, never the ids or texts of the errors, so nobody tunes on them.
  if (existsSync(HELDOUT_PATH)) {
    const held = evaluateDevset(loadDevset(HELDOUT_PATH));
    console.log(`\n=== Held-out set: ${held.n} answers (errors are not listed, so that it stays unseen) ===`);
    if (held.errors.length > 0) console.log(`ERRORS: ${held.errors.length} answer(s) got no verdict`);
    if (held.noAnswer.length > 0) console.log(`${held.noAnswer.length} answer(s) with no answer, only reasoning (column ${NONE})`);
    printSlice('held-out, all answers', held.overall);
    console.log(`English: macro-F1 ${num(held.byLang.en.macroF1)}, kappa ${num(held.byLang.en.kappa)}; Chinese: macro-F1 ${num(held.byLang.zh.macroF1)}, kappa ${num(held.byLang.zh.kappa)}; hard (${held.hard.n}): macro-F1 ${num(held.hard.macroF1)}`);
    result.heldout = { n: held.n, errors: held.errors.length, noAnswer: held.noAnswer.length, misclassified: held.misclassified.length, overall: held.overall, byLang: held.byLang, hard: held.hard };
    writeResults(result);
  } else {
    console.log(`\nHeld-out set skipped: ${HELDOUT_PATH} not found.`);
  }

  const limit = Number(process.env.MOUTHPIECE_EVAL_CONTROLS ?? 0);
  const controls = evaluateControls(SPEECHMAP_DIR, Number.isFinite(limit) ? limit : 0, predictWithTally);
  if (controls) printControls(controls);
  else console.log(`\nSpeechMap controls skipped: ${SPEECHMAP_DIR} not found (no false-alarm or refusal figures).`);

  const seconds = (performance.now() - t0) / 1000;
  console.log(`\nTotal time: ${seconds.toFixed(2)} s`);
  writeResults({ ...result, speechmapControls: controls ?? { skipped: `${SPEECHMAP_DIR} not found` }, totalSeconds: seconds });
  console.log(`Results written to ${RESULTS_PATH}`);
}
