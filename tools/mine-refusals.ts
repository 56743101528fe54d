// Mines the openings of real refusals for the phrasings that mark them: the answers a SpeechMap judge
// labelled DENIAL against those it labelled COMPLETE (datasets/speechmap-controls in ../shared; not
// needed at run time). Prints candidate n-grams of the first sentences with their counts per label,
// a smoothed log-odds z-score, and how many DENIAL openings holding them the current `refusal`
// patterns of knowledge/lexicons/signals.yaml still miss. What it prints is for review: the shipped
// knowledge stays the reviewed patterns in signals.yaml. `--label EVASIVE` mines the answers the judge
// called evasive instead, against the `deflection` patterns.
//   Usage: npx tsx tools/mine-refusals.ts [--shared ../shared] [--label DENIAL|EVASIVE] [--sentences 2] [--n 4] [--top 40] [--min 3]
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compilePatterns, hasPattern } from '../src/analysis/context.js';
import { splitParagraphs, splitSentences } from '../src/analysis/segment.js';
import { simplify } from '../src/analysis/text.js';
import { loadKnowledge } from '../src/knowledge/load.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
};
const shared = resolve(arg('--shared', join(root, '..', 'shared')));
const SENTENCES = Number(arg('--sentences', '2'));
const MAX_N = Number(arg('--n', '4'));
const TOP = Number(arg('--top', '40'));
const MIN = Number(arg('--min', '3'));

const LABELS = ['DENIAL', 'EVASIVE', 'COMPLETE'] as const;
type Label = (typeof LABELS)[number];
/** The judge label mined against COMPLETE, and the signal whose patterns should catch it. */
const TARGET: Label = arg('--label', 'DENIAL').toUpperCase() === 'EVASIVE' ? 'EVASIVE' : 'DENIAL';
const SIGNAL = TARGET === 'DENIAL' ? 'refusal' : 'deflection';

/** Reasoning blocks are not the answer. */
const REASONING = /<think>[\s\S]*?(<\/think>|$)|◁think▷[\s\S]*?(◁\/think▷|$)/g;

/** The first sentences of an answer, Traditional simplified, as the analyzer sees them. */
export function opening(answer: string, sentences = SENTENCES): string {
  const text = simplify(answer.replace(REASONING, '').trim());
  const out: string[] = [];
  for (const p of splitParagraphs(text)) {
    for (const s of splitSentences(text, p.start, p.end)) {
      out.push(text.slice(s.start, s.end));
      if (out.length >= sentences) return out.join(' ');
    }
  }
  return out.join(' ');
}

/** Lower-case words (apostrophes folded), each Han character a token; `^` marks the answer's start. */
export function tokens(text: string): string[] {
  const out = ['^'];
  for (const m of text.toLowerCase().replace(/’/g, "'").matchAll(/\p{Script=Han}|[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu)) out.push(m[0]);
  return out;
}

/** The distinct n-grams (1…maxN tokens) of a token list. */
export function ngrams(toks: string[], maxN = MAX_N): Set<string> {
  const out = new Set<string>();
  for (let n = 1; n <= maxN; n++) for (let i = 0; i + n <= toks.length; i++) out.add(toks.slice(i, i + n).join(' '));
  out.delete('^');
  return out;
}

/** Log-odds ratio of a feature's document frequency in two classes, with Haldane's ½ smoothing, as a z-score. */
export function logOddsZ(a: number, na: number, b: number, nb: number, prior = 0.5): number {
  const delta = Math.log((a + prior) / (na - a + prior)) - Math.log((b + prior) / (nb - b + prior));
  const variance = 1 / (a + prior) + 1 / (na - a + prior) + 1 / (b + prior) + 1 / (nb - b + prior);
  return delta / Math.sqrt(variance);
}

function main(): void {
  const dir = join(shared, 'datasets', 'speechmap-controls');
  if (!existsSync(dir)) {
    console.log(`mine-refusals: skipped — ${dir} not found (pass --shared <folder holding datasets/speechmap-controls>).`);
    return;
  }
  const entry = (loadKnowledge().lexicons.signals ?? []).find((e) => e.id === SIGNAL);
  const patterns = entry ? compilePatterns(entry) : null;

  const docs = { DENIAL: 0, EVASIVE: 0, COMPLETE: 0 } satisfies Record<Label, number>;
  const counts = new Map<string, Record<Label, number> & { missed: number }>();
  let caught = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      let item: { answer?: unknown; judge_label?: unknown };
      try {
        item = JSON.parse(line) as typeof item;
      } catch {
        continue;
      }
      const label = item.judge_label as Label;
      if (!LABELS.includes(label) || typeof item.answer !== 'string' || !item.answer.trim()) continue;
      docs[label]++;
      const open = opening(item.answer);
      const matched = patterns !== null && hasPattern(patterns, open, 0, open.length);
      if (label === TARGET && matched) caught++;
      for (const g of ngrams(tokens(open))) {
        let c = counts.get(g);
        if (!c) counts.set(g, (c = { DENIAL: 0, EVASIVE: 0, COMPLETE: 0, missed: 0 }));
        c[label]++;
        if (label === TARGET && !matched) c.missed++;
      }
    }
  }
  if (!docs[TARGET]) {
    console.log(`mine-refusals: no ${TARGET} answers in ${dir}; nothing to mine.`);
    return;
  }

  const rows = [...counts]
    .filter(([, c]) => c[TARGET] >= MIN)
    .map(([g, c]) => ({ g, c, z: logOddsZ(c[TARGET], docs[TARGET], c.COMPLETE, docs.COMPLETE) }))
    .sort((x, y) => y.z - x.z || y.c[TARGET] - x.c[TARGET]);
  // Longer n-grams that add nothing to a shorter one with the same counts are left out.
  const shown: typeof rows = [];
  for (const r of rows) {
    if (shown.some((s) => r.g.includes(s.g) && s.c.DENIAL === r.c.DENIAL && s.c.COMPLETE === r.c.COMPLETE && s.c.EVASIVE === r.c.EVASIVE)) continue;
    shown.push(r);
    if (shown.length >= TOP) break;
  }

  console.log(`SpeechMap controls (${dir}): openings of ${SENTENCES} sentence(s); DENIAL ${docs.DENIAL}, EVASIVE ${docs.EVASIVE}, COMPLETE ${docs.COMPLETE} answers.`);
  console.log(`Current ${SIGNAL} patterns match the opening of ${caught}/${docs[TARGET]} ${TARGET} answers (z: ${TARGET} against COMPLETE).\n`);
  console.log(`${'z'.padStart(6)}  ${'DENIAL'.padStart(6)}  ${'missed'.padStart(6)}  ${'EVASIVE'.padStart(7)}  ${'COMPLETE'.padStart(8)}  n-gram ("^" = start of the answer)`);
  for (const { g, c, z } of shown) {
    console.log(`${z.toFixed(2).padStart(6)}  ${String(c.DENIAL).padStart(6)}  ${String(c.missed).padStart(6)}  ${String(c.EVASIVE).padStart(7)}  ${String(c.COMPLETE).padStart(8)}  ${g}`);
  }
  console.log(`\n"missed": ${TARGET} answers with the n-gram whose opening no ${SIGNAL} pattern matches yet.`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
