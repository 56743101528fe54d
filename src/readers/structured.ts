// JSON and JSONL inputs: OpenAI chat requests/transcripts (`messages`) and completion responses
// (`choices`), promptfoo output files, SpeechMap answer files, and plain {id, prompt, answer} items.
import type { AnswerInput } from './answer.js';
import { InputError } from './input.js';

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Text of an OpenAI message content: a string or an array of {type: 'text', text} parts. */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const texts = content.map((c) => (typeof c === 'string' ? c : str((c as Json)?.text))).filter((t): t is string => t !== undefined);
    return texts.length ? texts.join('\n') : undefined;
  }
  return undefined;
}

const ANSWER_FIELDS = ['answer', 'response', 'output', 'completion', 'content'] as const;

/** One item of any supported shape → an answer, or a reason it is not one. */
export function toAnswer(item: unknown, fallbackId: string): AnswerInput | string {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return 'expected a JSON object';
  const o = item as Json;
  const id = str(o.id) ?? (typeof o.id === 'number' ? String(o.id) : undefined) ?? str(o.question_id) ?? fallbackId;
  const model = str(o.model) ?? str((o.provider as Json)?.id) ?? str(o.provider);
  const lang = str(o.lang) ?? str(o.language);
  // OpenAI chat: the last assistant message answers the last user message before it.
  if (Array.isArray(o.messages)) {
    const msgs = o.messages as Json[];
    const a = findLastIndex(msgs, (m) => m?.role === 'assistant');
    if (a < 0) return 'has `messages` but no assistant message to analyse';
    const u = findLastIndex(msgs.slice(0, a), (m) => m?.role === 'user');
    const answer = contentText(msgs[a].content) ?? '';
    const reasoning = str(msgs[a].reasoning_content) ?? str(msgs[a].reasoning);
    return { id, model, lang, answer, reasoning, prompt: u >= 0 ? contentText(msgs[u].content) : undefined };
  }
  if (Array.isArray(o.choices)) {
    const msg = ((o.choices as Json[])[0]?.message ?? {}) as Json;
    const answer = contentText(msg.content) ?? str((o.choices as Json[])[0]?.text) ?? ('content' in msg ? '' : undefined);
    if (answer === undefined) return 'has `choices` but no message content';
    return { id, model, lang, answer, reasoning: str(msg.reasoning_content) ?? str(msg.reasoning) };
  }
  // promptfoo result rows: {prompt: {raw}, response: {output}, vars, provider}
  if (o.response && typeof o.response === 'object') {
    const r = o.response as Json;
    // An output of null is an empty answer; promptfoo parses JSON outputs into objects, which stay the model's text.
    const answer = contentText(r.output) ?? (r.output === null ? '' : r.output !== undefined ? JSON.stringify(r.output) : undefined);
    if (answer === undefined) return 'promptfoo result without response.output';
    const prompt = str((o.prompt as Json)?.raw) ?? str(o.prompt) ?? str((o.vars as Json)?.prompt) ?? str((o.vars as Json)?.question);
    return { id: str((o.testCase as Json)?.description) ?? id, model, lang, answer, prompt };
  }
  // A field that is there but holds no text (null, a number, an object) is an empty answer: recorded as no answer.
  const field = ANSWER_FIELDS.find((k) => o[k] !== undefined);
  const answer = field ? (str(o[field]) ?? contentText(o[field]) ?? '') : undefined;
  if (answer === undefined) return 'no answer field (expected one of: answer, response, output, completion, messages, choices)';
  const prompt = str(o.prompt) ?? str(o.question) ?? str(o.input);
  return { id, model, lang, answer, prompt, reasoning: str(o.reasoning) ?? str(o.reasoning_content) };
}

/** The items of a whole JSON file: one chat/answer object, an array, or a promptfoo output. */
export function jsonItems(value: unknown, source: string): unknown[] {
  if (Array.isArray(value)) return value;
  if (value && typeof value === 'object') {
    const o = value as Json;
    const results = (o.results as Json)?.results ?? o.results;
    if (Array.isArray(results)) return results; // promptfoo: {results: {results: [...]}} or {results: [...]}
    if (Array.isArray(o.items)) return o.items;
    return [value];
  }
  throw new InputError(`${source}: JSON of the wrong shape — expected an object (OpenAI chat with messages, a completion with choices, {prompt, answer}), an array of them, or a promptfoo output`);
}

function findLastIndex<T>(list: T[], pred: (x: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (pred(list[i])) return i;
  return -1;
}
