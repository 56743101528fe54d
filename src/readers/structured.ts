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

/** `any` reads every shape below; `promptfoo` and `speechmap` accept only their tool's records. */
export const ITEM_SHAPES = ['any', 'promptfoo', 'speechmap'] as const;
export type ItemShape = (typeof ITEM_SHAPES)[number];

/** A record of a request that got no answer (a provider error in another tool's output): nothing to analyse. */
export interface ProviderErrorItem {
  providerError: string;
  id: string;
  model?: string;
  prompt?: string;
  lang?: string;
}

/** promptfoo result rows: {prompt: {raw}, response: {output}, vars, provider, testIdx, promptIdx}. */
function isPromptfooRow(o: Json): boolean {
  return (!!o.response && typeof o.response === 'object') || ((typeof o.testIdx === 'number' || typeof o.promptIdx === 'number') && ('vars' in o || 'provider' in o));
}

/** SpeechMap answers: {id: category/question/model, category, question, model, answer, judge_label}. */
function isSpeechMapRecord(o: Json): boolean {
  return typeof o.question === 'string' && 'answer' in o && ('judge_label' in o || 'category' in o);
}

/**
 * The fields another tool recorded beside the answer, kept with an imported run: SpeechMap's category and judge
 * label, promptfoo's vars, test and prompt index, provider, pass/fail and score.
 */
export function sourceFields(item: unknown): Record<string, unknown> | null {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return null;
  const o = item as Json;
  const pick = (format: string, keys: string[]) => {
    const out: Json = { format };
    for (const k of keys) if (o[k] !== undefined && o[k] !== null) out[k] = o[k];
    return out;
  };
  if (isSpeechMapRecord(o)) return pick('speechmap', ['category', 'judge_label', 'judge_model']);
  if (isPromptfooRow(o)) {
    const out = pick('promptfoo', ['vars', 'testIdx', 'promptIdx', 'success', 'score', 'failureReason', 'namedScores']);
    const provider = str((o.provider as Json)?.label) ?? str((o.provider as Json)?.id) ?? str(o.provider);
    if (provider) out.provider = provider;
    const description = str((o.testCase as Json)?.description);
    if (description) out.description = description;
    return out;
  }
  return null;
}

/** One item of the given shape → an answer, a provider error that left no answer, or a reason it is neither. */
export function toAnswer(item: unknown, fallbackId: string, shape: ItemShape = 'any'): AnswerInput | ProviderErrorItem | string {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return 'expected a JSON object';
  const o = item as Json;
  if (shape === 'promptfoo' && !isPromptfooRow(o)) return 'not a promptfoo result row (expected response.output, vars, provider, testIdx)';
  if (shape === 'speechmap' && !isSpeechMapRecord(o)) return 'not a SpeechMap answer (expected id, category, question, model, answer, judge_label)';
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
  if (isPromptfooRow(o)) {
    const r = (o.response ?? {}) as Json;
    const prompt = str((o.prompt as Json)?.raw) ?? str(o.prompt) ?? str((o.vars as Json)?.prompt) ?? str((o.vars as Json)?.question);
    const rowId = str((o.testCase as Json)?.description) ?? id;
    const model = str((o.provider as Json)?.label) ?? str((o.provider as Json)?.id) ?? str(o.provider);
    // A provider error (promptfoo's failureReason 2) leaves no output: a provider outcome, not a malformed row.
    const error = str(r.error) ?? str(o.error);
    if (r.output === undefined && error) return { providerError: error, id: rowId, model, prompt, lang };
    // An output of null is an empty answer; promptfoo parses JSON outputs into objects, which stay the model's text.
    const answer = contentText(r.output) ?? (r.output === null ? '' : r.output !== undefined ? JSON.stringify(r.output) : undefined);
    if (answer === undefined) return 'promptfoo result without response.output';
    return { id: rowId, model, lang, answer, prompt };
  }
  // A field that is there but holds no text (null, a number, an object) is an empty answer: recorded as no answer.
  const field = ANSWER_FIELDS.find((k) => o[k] !== undefined);
  const answer = field ? (str(o[field]) ?? contentText(o[field]) ?? '') : undefined;
  if (answer === undefined) return 'no answer field (expected one of: answer, response, output, completion, messages, choices)';
  const prompt = str(o.prompt) ?? str(o.question) ?? str(o.input);
  return { id, model, lang, answer, prompt, reasoning: str(o.reasoning) ?? str(o.reasoning_content) };
}

export function isProviderError(a: AnswerInput | ProviderErrorItem | string): a is ProviderErrorItem {
  return typeof a === 'object' && 'providerError' in a;
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
