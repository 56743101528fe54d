// The terminal report, in the manner of a linter: file, line:column, voice, what was found and why.
// Colour only when writing to a terminal (and never with NO_COLOR). Every value from the document is made
// terminal-safe: an answer or article cannot send escape sequences to the reader's terminal.
import pc from 'picocolors';
import type { Document, Finding } from '../document.js';
import { isNoAnswer, isNotJudged } from '../analysis/languages.js';
import { safeLine, safeText } from './terminal-safe.js';

export interface TerminalOptions {
  color?: boolean;
  /** Show every finding, speakers and evidence mentions included. */
  all?: boolean;
}

const HEADLINE_KINDS = new Set(['echo', 'register', 'technique', 'refusal', 'deflection', 'speaks_as_state', 'trace_contradiction', 'language']);

function lineCol(text: string, offset: number): string {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return `${line}:${offset - last}`;
}

const clip = (s: string, n: number) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return safeLine(one.length > n ? `${one.slice(0, n - 1)}…` : one);
};

export function renderTerminal(doc: Document, options: TerminalOptions = {}): string {
  const c = pc.createColors(options.color ?? false);
  const verdictColour = { state_echo: c.red, refusal: c.yellow, deflection: c.magenta, informative: c.green } as const;
  const out: string[] = [];
  const meta = safeLine([doc.format, doc.lang, doc.model].filter(Boolean).join(' · '));
  out.push(`${c.underline(safeLine(doc.source))}  ${c.dim(meta)}`);
  if (doc.verdict) out.push(`  verdict: ${c.bold(verdictColour[doc.verdict](doc.verdict.toUpperCase()))} — ${safeText(doc.reason)}`);
  else if (isNoAnswer(doc)) out.push(`  verdict: ${c.bold(c.cyan('NO ANSWER'))} — ${safeText(doc.reason)}`);
  else if (isNotJudged(doc)) out.push(`  verdict: ${c.bold(c.cyan('NOT JUDGED'))} (language not analysed) — ${safeText(doc.reason)}`);
  else if (doc.stats) {
    const roles = Object.entries(doc.stats.echoesByRole).map(([r, n]) => `${safeLine(r)} ${n}`).join(', ');
    out.push(`  ${c.bold('article')}: own-voice echoes ${doc.stats.ownEchoes} · quoted ${doc.stats.quotedEchoes} · reported ${doc.stats.reportedEchoes}${roles ? ` (by speaker role: ${roles})` : ''}`);
  }
  for (const w of doc.warnings) out.push(`  ${c.yellow('warning')} ${safeText(w)}`);
  const shown = doc.findings.filter((f) => options.all || HEADLINE_KINDS.has(f.kind));
  for (const f of shown) out.push(...findingLines(doc, f, c));
  const count = (pred: (f: Finding) => boolean) => doc.findings.filter(pred).length;
  out.push(
    c.dim(
      `  ${count((f) => f.kind === 'echo' && f.voice === 'own' && f.stance === 'asserted')} own-voice echoes · ${count((f) => f.kind === 'echo' && f.voice !== 'own')} quoted/reported · ${count((f) => f.kind === 'technique')} techniques · ${doc.segments.length} sentences`,
    ),
  );
  return out.join('\n');
}

function findingLines(doc: Document, f: Finding, c: ReturnType<typeof pc.createColors>): string[] {
  const voiceColour = f.voice === 'own' ? c.red : f.voice === 'quoted' ? c.cyan : c.blue;
  const what = safeLine(f.talkingPoint?.id ?? f.technique ?? f.evidence?.id ?? f.speaker?.name ?? '');
  const stance = f.stance && f.stance !== 'asserted' ? c.dim(` (${f.stance})`) : '';
  const part = f.part === 'answer' || f.part === 'body' ? '' : c.dim(` [${safeLine(f.part)}]`);
  const lines = [
    `  ${c.dim(lineCol(doc.text, f.start).padEnd(8))} ${voiceColour(safeLine(f.voice).padEnd(8))} ${safeLine(f.kind).padEnd(19)} ${what}${stance}${part}`,
    `  ${' '.repeat(8)} ${c.dim(`"${clip(f.text, 100)}"`)}`,
    `  ${' '.repeat(8)} ${safeText(f.message)}`,
  ];
  const p = f.provenance;
  const st = p?.earliest ?? p?.mostSimilar;
  if (st) lines.push(`  ${' '.repeat(8)} ${c.dim(`↳ ${safeLine(st.speaker ?? 'unknown speaker')}, ${safeLine(st.date ?? 'undated')}: "${clip(st.text, 80)}" ${safeLine(st.url ?? '')}${p && p.repeats > 1 ? ` (${p.repeats} similar statements)` : ''}`)}`);
  return lines;
}
