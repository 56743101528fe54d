// Chat transcripts exported as markdown: a title, `**Model:**`, and `**User:**` / `**Assistant:**`
// turns separated by `---` (and the common variants: `### User`, `User:`, 用户：/助手：).
import { newDocument, type Document, type Part } from '../document.js';
import { answerParts } from './answer.js';

const TURN = /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?(User|Human|You|Me|Prompt|Question|Assistant|AI|Model answer|Bot|ChatGPT|GPT|Claude|Gemini|Qwen|DeepSeek|Llama|Answer|Response|用户|提问|问|助手|回答|答)(?:\*\*|__)?[ \t]*[:：]?[ \t]*(?:\*\*|__)?[ \t]*(?=\S|$)/gim;
const USER = /^(user|human|you|me|prompt|question|用户|提问|问)$/i;
const MODEL_LINE = /^[ \t]*(?:\*\*|__)?Model(?:\*\*|__)?[ \t]*[:：][ \t]*(?:\*\*|__)?[ \t]*(.+)$/im;

/** True when the text has at least one user turn and one assistant turn. */
export function looksLikeTranscript(text: string): boolean {
  let user = false;
  let assistant = false;
  TURN.lastIndex = 0;
  for (const m of text.matchAll(TURN)) {
    if (!isTurnHeader(text, m.index!, m[0])) continue;
    if (USER.test(m[1])) user = true;
    else assistant = true;
  }
  return user && assistant;
}

// A turn header stands at the start of a line and is followed by a line break or by text on the same line.
function isTurnHeader(text: string, at: number, header: string): boolean {
  return (at === 0 || text[at - 1] === '\n') && /[:：]|\*\*|__|#/.test(header);
}

export function transcriptDocument(text: string, source: string): Document {
  const parts: Part[] = [];
  const turns: { user: boolean; start: number; headerEnd: number }[] = [];
  TURN.lastIndex = 0;
  for (const m of text.matchAll(TURN)) {
    if (isTurnHeader(text, m.index!, m[0])) turns.push({ user: USER.test(m[1]), start: m.index!, headerEnd: m.index! + m[0].length });
  }
  const first = turns[0]?.start ?? text.length;
  const title = text.slice(0, first).match(/^\s*#\s+(.+)$/m);
  if (title) parts.push({ kind: 'title', start: title.index! + title[0].indexOf(title[1]), end: title.index! + title[0].length });
  const model = text.match(MODEL_LINE);
  if (model) parts.push({ kind: 'meta', start: model.index!, end: model.index! + model[0].length });
  let prompt = '';
  turns.forEach((t, i) => {
    let end = i + 1 < turns.length ? turns[i + 1].start : text.length;
    // Drop the `---` separator and blank lines before the next turn.
    const body = text.slice(t.headerEnd, end).replace(/(\n[ \t]*(-{3,}|\*{3,}|_{3,})[ \t]*)+\s*$/, '');
    end = t.headerEnd + body.length;
    if (t.user) {
      parts.push({ kind: 'prompt', start: t.headerEnd, end, turn: i });
      prompt = text.slice(t.headerEnd, end).trim();
    } else parts.push(...answerParts(text, t.headerEnd, end, i));
  });
  const doc = newDocument({ id: source, source, format: 'chat-markdown', kind: 'answer', text, parts });
  if (title) doc.title = title[1].trim();
  if (model) doc.model = model[1].replace(/(\*\*|__)\s*$/, '').trim();
  doc.prompt = prompt;
  return doc;
}
