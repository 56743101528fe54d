// OpenAI-compatible chat completions (OpenAI, OpenRouter, Ollama, vLLM, llama.cpp, LM Studio) over node:http(s)
// with keep-alive agents: the HTTP status, Retry-After and the provider's route of every call stay visible to the
// runner, and a request costs about a third of the CPU that fetch costs (it matters at hundreds of requests a second).
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { answerParts } from '../readers/answer.js';
import { errorMasker, maskUrl, secretMasker, urlSecrets } from '../secrets.js';

const AGENTS = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 256 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 256 }),
};

/** Response headers, looked up by lower-case name (Headers-like, without its cost per request). */
export interface HeaderLookup {
  get(name: string): string | null;
}

interface RawResponse {
  status: number;
  headers: HeaderLookup;
  body: IncomingMessage;
}

/** One HTTP request; resolves when the status line and headers arrive, the body is read by the caller. */
function send(url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; signal: AbortSignal }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const target = parseUrl(url);
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return reject(new Error(`unsupported protocol ${target.protocol}`));
    const client = target.protocol === 'https:' ? https : http;
    const headers = init.body === undefined ? init.headers : { ...init.headers, 'content-length': String(Buffer.byteLength(init.body)) };
    const req = client.request(target, { method: init.method, headers, agent: AGENTS[target.protocol] }, (res) => {
      const get = (name: string) => {
        const v = res.headers[name];
        return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
      };
      resolve({ status: res.statusCode ?? 0, headers: { get }, body: res });
    });
    // Aborting destroys the request and, once it has arrived, the response being read.
    const abort = () => req.destroy(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    if (init.signal.aborted) abort();
    init.signal.addEventListener('abort', abort, { once: true });
    req.once('close', () => init.signal.removeEventListener('abort', abort));
    req.on('error', reject);
    req.end(init.body);
  });
}

const urlCache = new Map<string, URL>();
/** Base URLs repeat on every call: parse each once. */
function parseUrl(url: string): URL {
  let parsed = urlCache.get(url);
  if (!parsed) {
    parsed = new URL(url);
    if (urlCache.size > 100) urlCache.clear();
    urlCache.set(url, parsed);
  }
  return parsed;
}

/** The whole body (events rather than async iteration: a fraction of the cost per request). */
function readText(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let ended = false;
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => {
      ended = true;
      // A body cut short of its Content-Length was truncated by a dropped connection.
      const expected = Number(res.headers['content-length']);
      const text = Buffer.concat(chunks);
      if (Number.isFinite(expected) && text.length < expected) reject(new Error(`connection closed after ${text.length} of ${expected} bytes (truncated)`));
      else resolve(text.toString('utf8'));
    });
    res.on('error', reject);
    res.on('close', () => {
      if (!ended) reject(Object.assign(new Error('connection closed before the reply ended (truncated)'), { code: 'ECONNRESET' }));
    });
  });
}

export interface ProviderOptions {
  /** e.g. https://openrouter.ai/api/v1 or http://127.0.0.1:11434/v1 */
  baseUrl: string;
  /** The key itself, read from the environment variable the user named; never stored or printed. */
  apiKey?: string;
  /** Extra headers (values already expanded from the environment; those values are masked like the key). */
  headers?: Record<string, string>;
  /** Values taken from the environment into `headers`: masked in everything that comes back. */
  headerSecrets?: string[];
  /** Extra body fields (top_p, provider routing, usage accounting…). */
  body?: Record<string, unknown>;
  /** OpenAI's reasoning models take max_completion_tokens and refuse max_tokens. */
  maxTokensField?: 'max_tokens' | 'max_completion_tokens';
}

export interface ChatParams {
  model: string;
  prompt: string;
  system?: string | null;
  temperature?: number | null;
  maxTokens?: number | null;
  stream: boolean;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface ChatReply {
  answer: string;
  reasoning: string | null;
  finishReason: string | null;
  /** Set when the provider, not the model, stopped the answer: content filter, moderation, empty output. */
  blockReason: string | null;
  httpStatus: number;
  route: string | null;
  tokensIn: number | null;
  tokensOut: number | null;
  cost: number | null;
  latencyMs: number;
}

/** A call that gave no usable reply. `retryable` says whether trying again can help. */
export class CallError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    readonly route: string | null = null,
  ) {
    super(message);
  }
}

export function chatUrl(baseUrl: string, path: string): string {
  // The path goes before a query string: some servers take the key or an API version there (?api_key=, ?api-version=).
  const at = baseUrl.search(/[?#]/);
  const [base, query] = at < 0 ? [baseUrl, ''] : [baseUrl.slice(0, at), baseUrl.slice(at)];
  return `${base.replace(/\/+$/, '')}/${path}${query}`;
}

function headers(options: ProviderOptions): Record<string, string> {
  const h: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-title': 'mouthpiece' };
  for (const [name, value] of Object.entries(options.headers ?? {})) h[name.toLowerCase()] = value;
  if (options.apiKey) h.authorization = `Bearer ${options.apiKey}`;
  return h;
}

/** `retry-after-ms` (OpenAI) first, then `Retry-After` in seconds or as an HTTP date. */
export function parseRetryAfter(h: HeaderLookup, now = Date.now()): number | null {
  const ms = h.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = h.get('retry-after');
  if (!value) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.max(0, Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const BLOCK_CODES = /^(content_filter|content_policy_violation|moderation|flagged|data_inspection_failed|safety|blocked)$/i;
const BLOCK_WORDS = /content[ _-]?(filter|policy|management)|moderat|flagged|safety system|inappropriate content|data_inspection_failed|sensitive/i;

interface ErrorBody {
  error?: { message?: unknown; code?: unknown; type?: unknown; metadata?: { reasons?: unknown } } | string;
}

/** Whether an error reply is the provider's content filter (its own outcome) rather than a failure. */
export function isBlockError(status: number, body: ErrorBody | null): string | null {
  const error = typeof body?.error === 'string' ? { message: body.error } : body?.error;
  const code = String(error?.code ?? error?.type ?? '');
  const message = String(error?.message ?? '');
  if (status === 451) return `HTTP 451${message ? `: ${message}` : ''}`;
  if (status !== 400 && status !== 403 && status !== 422) return null;
  if (BLOCK_CODES.test(code) || BLOCK_WORDS.test(message) || error?.metadata?.reasons) return `HTTP ${status} ${code || 'blocked'}${message ? `: ${message}` : ''}`;
  return null;
}

/**
 * Reasoning apart from the answer, as every reader splits it (answerParts): `<think>…</think>` blocks (and
 * `<thinking>`, `<reasoning>`, Kimi's `◁think▷…◁/think▷`), or everything before a lone closing tag.
 */
export function splitThink(content: string): { answer: string; reasoning: string | null } {
  const parts = answerParts(content);
  const of = (kind: string) => parts.filter((p) => p.kind === kind).map((p) => content.slice(p.start, p.end));
  const reasoning = of('reasoning')
    .map((t) => t.trim())
    .filter(Boolean)
    .join('\n\n');
  return { answer: of('answer').join('').trim(), reasoning: reasoning || null };
}

interface Usage {
  prompt_tokens?: number;
  completion_tokens?: number;
  cost?: number;
}

interface Choice {
  message?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null };
  delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null };
  finish_reason?: string | null;
}

interface Completion {
  model?: string;
  provider?: string;
  choices?: Choice[];
  usage?: Usage | null;
  error?: ErrorBody['error'];
}

function routeOf(baseUrl: string, requested: string, body: Completion | null, h: HeaderLookup | null): string {
  const provider = body?.provider ?? h?.get('x-openrouter-provider') ?? null;
  const served = body?.model && body.model !== requested ? `:${body.model}` : '';
  return `${provider ?? parseUrl(baseUrl).host}${served}`;
}

/**
 * What a careless or hostile provider could repeat of the credentials it was sent (the key, the user information
 * of the base URL) is masked in everything that comes back: answers and reasoning lose the exact values, errors,
 * routes and block reasons also anything shaped like a credential.
 */
const maskers = new WeakMap<ProviderOptions, { exact: (s: string) => string; error: (s: string) => string }>();
function maskerFor(options: ProviderOptions) {
  let m = maskers.get(options);
  if (!m) {
    const secrets = [options.apiKey, ...urlSecrets(options.baseUrl), ...(options.headerSecrets ?? [])];
    m = { exact: secretMasker(secrets), error: errorMasker(secrets) };
    maskers.set(options, m);
  }
  return m;
}

/** One chat completion. Throws CallError for anything that is neither an answer nor a provider block. */
export async function chat(options: ProviderOptions, params: ChatParams): Promise<ChatReply> {
  const mask = maskerFor(options);
  try {
    const r = await chatUnmasked(options, params);
    const maybe = (f: (s: string) => string, v: string | null) => (v === null ? null : f(v));
    return { ...r, answer: mask.exact(r.answer), reasoning: maybe(mask.exact, r.reasoning), blockReason: maybe(mask.error, r.blockReason), route: maybe(mask.error, r.route) };
  } catch (e) {
    if (e instanceof CallError) throw new CallError(mask.error(e.message), e.status, e.retryable, e.retryAfterMs, e.route === null ? null : mask.error(e.route));
    throw e;
  }
}

async function chatUnmasked(options: ProviderOptions, params: ChatParams): Promise<ChatReply> {
  const started = performance.now();
  // One controller per call (cheaper than AbortSignal.any): fired by the deadline or by the caller's signal.
  const controller = new AbortController();
  const timeout = { aborted: false };
  const timer = setTimeout(() => {
    timeout.aborted = true;
    controller.abort();
  }, params.timeoutMs);
  const cancel = () => controller.abort();
  params.signal?.addEventListener('abort', cancel, { once: true });
  try {
    return await chatOnce(options, params, controller.signal, timeout, started);
  } finally {
    clearTimeout(timer);
    params.signal?.removeEventListener('abort', cancel);
  }
}

async function chatOnce(options: ProviderOptions, params: ChatParams, signal: AbortSignal, timeout: { aborted: boolean }, started: number): Promise<ChatReply> {
  const messages = [...(params.system ? [{ role: 'system', content: params.system }] : []), { role: 'user', content: params.prompt }];
  const body: Record<string, unknown> = { ...options.body, model: params.model, messages, stream: params.stream };
  if (params.temperature !== null && params.temperature !== undefined) body.temperature = params.temperature;
  if (params.maxTokens) body[options.maxTokensField ?? 'max_tokens'] = params.maxTokens;
  if (params.stream) body.stream_options = { include_usage: true };

  let response: RawResponse;
  try {
    response = await send(chatUrl(options.baseUrl, 'chat/completions'), { method: 'POST', headers: headers(options), body: JSON.stringify(body), signal });
  } catch (e) {
    throw networkError(e, timeout, params.timeoutMs);
  }
  const status = response.status;
  const baseRoute = routeOf(options.baseUrl, params.model, null, response.headers);

  try {
    if (status < 200 || status > 299) {
      const text = await readText(response.body);
      const errorBody = tryJson(text) as ErrorBody | null;
      const block = isBlockError(status, errorBody);
      const latencyMs = performance.now() - started;
      if (block) return { answer: '', reasoning: null, finishReason: null, blockReason: block, httpStatus: status, route: baseRoute, tokensIn: null, tokensOut: null, cost: null, latencyMs };
      const message = errorMessage(errorBody) ?? text.slice(0, 200);
      const retryable = status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
      throw new CallError(`HTTP ${status}${message ? `: ${message}` : ''}`, status, retryable, parseRetryAfter(response.headers), baseRoute);
    }
    const isStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
    const parsed = isStream ? await readStream(response) : readCompletion(await readText(response.body), status, baseRoute);
    const latencyMs = performance.now() - started;
    const route = routeOf(options.baseUrl, params.model, parsed.meta, response.headers);
    const { answer, reasoning: thinkReasoning } = splitThink(parsed.content);
    const reasoning = [parsed.reasoning.trim(), thinkReasoning ?? ''].filter(Boolean).join('\n\n') || null;
    let blockReason: string | null = null;
    if (parsed.finishReason === 'content_filter') blockReason = 'finish_reason content_filter';
    else if (parsed.error) blockReason = isBlockError(400, { error: parsed.error });
    if (!blockReason && parsed.error) throw new CallError(`error in reply: ${errorMessage({ error: parsed.error })}`, status, true, null, route);
    if (!blockReason && !answer && parsed.finishReason !== 'length') blockReason = 'empty output';
    return {
      answer,
      reasoning,
      finishReason: parsed.finishReason,
      blockReason,
      httpStatus: status,
      route,
      tokensIn: parsed.usage?.prompt_tokens ?? null,
      tokensOut: parsed.usage?.completion_tokens ?? null,
      cost: typeof parsed.usage?.cost === 'number' ? parsed.usage.cost : null,
      latencyMs,
    };
  } catch (e) {
    if (e instanceof CallError) throw e;
    throw networkError(e, timeout, params.timeoutMs, status, baseRoute);
  }
}

interface Parsed {
  content: string;
  reasoning: string;
  finishReason: string | null;
  usage: Usage | null;
  meta: Completion | null;
  error: ErrorBody['error'] | null;
}

function readCompletion(text: string, status: number, route: string): Parsed {
  const body = tryJson(text) as Completion | null;
  if (!body || typeof body !== 'object') throw new CallError(`malformed JSON in reply (${text.length} bytes)`, status, true, null, route);
  const choice = body.choices?.[0];
  if (!choice && !body.error) throw new CallError('reply has no choices', status, true, null, route);
  const message = choice?.message ?? {};
  return {
    content: message.content ?? '',
    reasoning: message.reasoning_content ?? message.reasoning ?? '',
    finishReason: choice?.finish_reason ?? null,
    usage: body.usage ?? null,
    meta: body,
    error: body.error ?? null,
  };
}

/** Server-sent events: `data: {chunk}` lines, ending with `data: [DONE]`; usage arrives in the last chunk. */
async function readStream(response: RawResponse): Promise<Parsed> {
  const out: Parsed = { content: '', reasoning: '', finishReason: null, usage: null, meta: null, error: null };
  const decoder = new TextDecoder();
  let buffer = '';
  let done = false;
  const handle = (line: string) => {
    if (!line.startsWith('data:')) return; // comments (": keep-alive"), event names, ids
    const data = line.slice(5).trim();
    if (data === '[DONE]') {
      done = true;
      return;
    }
    const chunk = tryJson(data) as Completion | null;
    if (!chunk) throw new CallError(`malformed JSON in stream chunk: ${data.slice(0, 80)}`, response.status, true);
    out.meta ??= chunk;
    if (chunk.provider) out.meta.provider = chunk.provider;
    if (chunk.error) out.error = chunk.error;
    if (chunk.usage) out.usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      const delta = choice.delta ?? choice.message ?? {};
      out.content += delta.content ?? '';
      out.reasoning += delta.reasoning_content ?? delta.reasoning ?? '';
      if (choice.finish_reason) out.finishReason = choice.finish_reason;
    }
  };
  for await (const chunk of response.body) {
    buffer += decoder.decode(chunk as Buffer, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      handle(buffer.slice(0, nl).replace(/\r$/, ''));
      buffer = buffer.slice(nl + 1);
    }
  }
  buffer += decoder.decode();
  if (buffer.trim()) handle(buffer.trim());
  // A stream that stops before [DONE] and before any finish_reason was cut off.
  if (!done && !out.finishReason && !out.error) throw new CallError('stream ended before [DONE] (truncated)', response.status, true);
  return out;
}

function networkError(e: unknown, timeout: { aborted: boolean }, timeoutMs: number, status: number | null = null, route: string | null = null): CallError {
  if (timeout.aborted) return new CallError(`no reply within ${timeoutMs} ms (timeout)`, status, true, null, route);
  const err = e as Error & { code?: string };
  if (err?.name === 'AbortError') return new CallError('cancelled', status, false, null, route);
  const code = err?.code && !err.message?.includes(err.code) ? ` (${err.code})` : '';
  return new CallError(`connection failed: ${err?.message ?? String(e)}${code}`, status, true, null, route);
}

function errorMessage(body: ErrorBody | null): string | null {
  const error = body?.error;
  if (!error) return null;
  if (typeof error === 'string') return error;
  return [error.code, error.message].filter((x) => x !== undefined && x !== null && x !== '').map(String).join(': ') || null;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export class ProbeError extends Error {}

/**
 * GET /models before any work: tells an unreachable provider or a refused key apart from a bad model name.
 * Returns the model ids, or null when the provider does not list models.
 */
export async function listModels(options: ProviderOptions, timeoutMs = 10_000): Promise<string[] | null> {
  const url = chatUrl(options.baseUrl, 'models');
  const shown = maskUrl(options.baseUrl);
  const mask = maskerFor(options).error;
  const signal = AbortSignal.timeout(timeoutMs);
  let response: RawResponse;
  let text: string;
  try {
    response = await send(url, { method: 'GET', headers: headers(options), signal });
    text = await readText(response.body);
  } catch (e) {
    const err = e as Error & { code?: string };
    const why = signal.aborted ? `no answer within ${timeoutMs} ms` : `${err.code ?? err.message}`;
    throw new ProbeError(mask(`cannot reach the provider at ${shown} (GET ${maskUrl(url)}: ${why})`));
  }
  if (response.status === 401 || response.status === 403) {
    throw new ProbeError(`the provider at ${shown} refused the key (HTTP ${response.status}); check the variable named by --api-key-env`);
  }
  if (response.status === 404 || response.status === 405) {
    if (!/\/v\d+\/?$/.test(new URL(options.baseUrl).pathname)) {
      throw new ProbeError(`the provider at ${shown} has no /models endpoint (HTTP ${response.status}); OpenAI-compatible base URLs usually end in /v1`);
    }
    return null; // reachable, but does not list its models
  }
  if (response.status < 200 || response.status > 299) throw new ProbeError(`the provider at ${shown} answered GET /models with HTTP ${response.status}`);
  const body = tryJson(text) as { data?: { id?: unknown }[]; models?: { id?: unknown; name?: unknown }[] } | null;
  const list = body?.data ?? body?.models;
  if (!Array.isArray(list)) return null;
  return list.map((m) => String(m.id ?? (m as { name?: unknown }).name ?? '')).filter(Boolean);
}
