// Answers from structured sources (JSON, JSONL, audits, the library API): the answer text, any
// inline <think>…</think> or ◁think▷…◁/think▷ blocks (or a reasoning that only closes with </think>) marked as reasoning,
// and a separate reasoning field appended as its own part after a blank line, so every offset points
// into one text.
import { newDocument, type Document, type Part } from '../document.js';

export interface AnswerInput {
  id?: string;
  prompt?: string;
  answer: string;
  /** A reasoning trace kept apart from the answer (reasoning / reasoning_content fields). */
  reasoning?: string;
  model?: string;
  lang?: string;
}

/**
 * A reasoning block: <think>, <thinking> or <reasoning> up to the first closing tag of the three (models mix them up:
 * <thinking>…</think>), or Kimi's ◁think▷ up to ◁/think▷; either runs to the end when it is never closed. The opening
 * mark is group 1 or 3, what the block holds group 2 or 4.
 */
const THINK = /(<(?:think|thinking|reasoning)>)([\s\S]*?)(?:<\/(?:think|thinking|reasoning)>|$)|(◁think▷)([\s\S]*?)(?:◁\/think▷|$)/gi;
/** A closing tag with no opening tag before it: R1-style exports start straight with the reasoning. */
const LONE_CLOSE = /^([\s\S]*?)(?:<\/(?:think|thinking|reasoning)>|◁\/think▷)/i;
const OPEN_TAG = /<(?:think|thinking|reasoning)>|◁think▷/i;

/**
 * Splits text[from, to) into answer and reasoning parts at <think> blocks; everything before a lone
 * leading `</think>` (one without an opening tag before it) is reasoning too.
 */
export function answerParts(text: string, from = 0, to = text.length, turn?: number): Part[] {
  const parts: Part[] = [];
  let at = from;
  const slice = text.slice(from, to);
  // Most answers hold no tag at all: the regexes, which read the whole answer for one, are left unasked.
  const tagged = slice.includes('<') || slice.includes('◁');
  const lone = tagged && (slice.includes('</') || slice.includes('◁/')) ? LONE_CLOSE.exec(slice) : null;
  if (lone && !OPEN_TAG.test(lone[1])) {
    if (lone[1].trim()) parts.push({ kind: 'reasoning', start: from, end: from + lone[1].length, turn });
    at = from + lone[0].length;
  }
  THINK.lastIndex = 0;
  for (const m of tagged ? slice.matchAll(THINK) : []) {
    const s = from + m.index!;
    if (s < at) continue;
    if (s > at) parts.push({ kind: 'answer', start: at, end: s, turn });
    const open = m[1] ?? m[3];
    const inner = m[2] ?? m[4];
    const innerStart = s + open.length;
    parts.push({ kind: 'reasoning', start: innerStart, end: innerStart + inner.length, turn });
    at = s + m[0].length;
  }
  if (at < to) parts.push({ kind: 'answer', start: at, end: to, turn });
  return parts;
}

/** An answer document's text: the answer, then a reasoning trace given apart (if any) after a blank line. */
export function answerText(answer: string, reasoning: string | null | undefined): string {
  return reasoning?.trim() ? `${answer}\n\n${reasoning}` : answer;
}

export function answerDocument(input: AnswerInput, format = 'answer'): Document {
  const id = input.id ?? 'answer';
  const text = answerText(input.answer, input.reasoning);
  const parts = answerParts(input.answer);
  if (text.length > input.answer.length) parts.push({ kind: 'reasoning', start: input.answer.length + 2, end: text.length });
  const doc = newDocument({ id, source: id, format, kind: 'answer', text, parts });
  if (input.prompt !== undefined) doc.prompt = input.prompt;
  if (input.model) doc.model = input.model;
  if (input.lang) doc.lang = input.lang.startsWith('zh') ? 'zh' : input.lang;
  return doc;
}
