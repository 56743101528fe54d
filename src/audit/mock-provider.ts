// A real OpenAI-compatible HTTP server that answers from canned scripts and injects faults on request.
// Tests, the demo and the benchmark run audits against it; users try the tool with it without a key.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { isBlocked, loadScripts, pickAnswer, type MockScript } from './scripts.js';

/** `echo`: a 500 whose message repeats the request's Authorization header, as careless providers and proxies do. */
export const FAULT_KINDS = ['429', '500', 'drop', 'malformed', 'truncate', 'timeout', 'echo'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];
export type FaultSpec = Partial<Record<FaultKind, number>>;

/** `"429:0.05,500:0.05,drop:0.02"` → probabilities per fault kind. */
export function parseFaults(spec: string): FaultSpec {
  const faults: FaultSpec = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [kind, value] = part.split(':');
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new Error(`unknown fault "${kind}" in --faults (known: ${FAULT_KINDS.join(', ')})`);
    const p = Number(value);
    if (value === undefined || !Number.isFinite(p) || p < 0 || p > 1) throw new Error(`fault "${kind}" needs a probability between 0 and 1, as in ${kind}:0.05`);
    faults[kind as FaultKind] = p;
  }
  const total = Object.values(faults).reduce((s, p) => s + p, 0);
  if (total > 1 + 1e-9) throw new Error(`fault probabilities add up to ${total.toFixed(3)}, more than 1`);
  return faults;
}

/** Small seeded generator (mulberry32) so a fault sequence can be replayed with --seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface MockProviderOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Scripts given directly, or read from a folder (default: the built-in mock-scripts/). */
  scripts?: MockScript[];
  scriptsDir?: string;
  faults?: string | FaultSpec;
  /** Delay before every chat reply, in ms. */
  latencyMs?: number;
  /** Delay before answering GET /models, in ms (a slow provider check). */
  modelsLatencyMs?: number;
  seed?: number;
  /** What 429 replies ask the client to wait (Retry-After and retry-after-ms). */
  retryAfterMs?: number;
  /** Called with every chat request body and the client's address (tests look at what was sent, and from where). */
  onChat?: (body: ChatBody, from: string | undefined) => void;
  /** Address to listen on: 127.0.0.1 unless a test network gives it another (network-namespace tests). */
  host?: string;
  /**
   * Answers served in turn, whatever is asked, by one more model, `mock-replay` (REPLAY_MODEL): a load test with
   * real answers of real size (`mock-provider --replay answers.jsonl`).
   */
  replay?: string[];
}

/** The model that serves the `replay` answers. */
export const REPLAY_MODEL = 'mock-replay';

export interface MockStats {
  requests: number;
  chat: number;
  answered: number;
  blocked: number;
  faults: Record<FaultKind, number>;
}

export interface MockProvider {
  url: string;
  port: number;
  models: string[];
  stats: MockStats;
  close(): Promise<void>;
}

export interface ChatBody {
  model?: unknown;
  messages?: { role?: unknown; content?: unknown }[];
  stream?: unknown;
  temperature?: unknown;
  max_tokens?: unknown;
}

const roughTokens = (text: string) => Math.ceil(text.length / 4);

export async function startMockProvider(options: MockProviderOptions = {}): Promise<MockProvider> {
  const replay = options.replay ?? [];
  let replayed = 0;
  const scripts = [...(options.scripts ?? loadScripts(options.scriptsDir))];
  if (replay.length) scripts.push({ model: REPLAY_MODEL, description: `${replay.length} answers served in turn`, answers: [{ when: { lang: 'any' }, answer: '' }], reasoningStyle: 'field' });
  const byModel = new Map(scripts.map((s) => [s.model, s]));
  const faults = typeof options.faults === 'string' ? parseFaults(options.faults) : (options.faults ?? {});
  const random = options.seed === undefined ? Math.random : seededRandom(options.seed);
  const latencyMs = options.latencyMs ?? 0;
  const retryAfterMs = options.retryAfterMs ?? 1000;
  const stats: MockStats = { requests: 0, chat: 0, answered: 0, blocked: 0, faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number> };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let counter = 0;

  const drawFault = (): FaultKind | null => {
    const r = random();
    let acc = 0;
    for (const kind of FAULT_KINDS) {
      acc += faults[kind] ?? 0;
      if (r < acc) return kind;
    }
    return null;
  };
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve();
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const handleChat = async (req: IncomingMessage, res: ServerResponse, raw: string) => {
    stats.chat++;
    let body: ChatBody;
    try {
      body = JSON.parse(raw) as ChatBody;
    } catch {
      return sendError(res, 400, 'invalid_request_error', 'invalid_json', 'request body is not valid JSON');
    }
    options.onChat?.(body, req.socket.remoteAddress);
    const model = String(body.model ?? '');
    const script = byModel.get(model);
    if (!script) return sendError(res, 404, 'invalid_request_error', 'model_not_found', `The model \`${model}\` does not exist`);
    const messages = Array.isArray(body.messages) ? body.messages : [];
    const lastUser = [...messages].reverse().find((m) => m?.role === 'user');
    const userText = typeof lastUser?.content === 'string' ? lastUser.content : '';
    const stream = body.stream === true;

    const fault = drawFault();
    if (fault) stats.faults[fault]++;
    await wait(latencyMs);
    if (res.destroyed) return;
    switch (fault) {
      case 'timeout':
        return; // never answer: the client must give up on its own
      case 'drop':
        return req.socket.destroy();
      case '429':
        res.setHeader('retry-after', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
        res.setHeader('retry-after-ms', String(retryAfterMs));
        return sendError(res, 429, 'rate_limit_exceeded', 'rate_limit_exceeded', 'Rate limit reached, please retry later');
      case '500':
        return sendError(res, 500, 'server_error', 'internal_error', 'The server had an error while processing your request');
      case 'echo':
        return sendError(res, 500, 'server_error', 'internal_error', `Upstream rejected the request (authorization: ${req.headers.authorization ?? 'none'}, url: ${req.url})`);
    }
    if (isBlocked(script, userText)) {
      stats.blocked++;
      return sendError(res, 400, 'invalid_request_error', 'content_filter', 'The response was filtered due to the prompt triggering the content management policy');
    }

    const picked = script.model === REPLAY_MODEL && replay.length ? { answer: replay[replayed++ % replay.length]!, reasoning: undefined } : pickAnswer(script, userText);
    const answer = picked?.answer ?? 'No scripted answer matches this prompt.';
    const reasoning = picked?.reasoning ?? null;
    const content = reasoning && script.reasoningStyle === 'think' ? `<think>\n${reasoning}\n</think>\n\n${answer}` : answer;
    const fieldReasoning = reasoning && script.reasoningStyle === 'field' ? reasoning : null;
    const usage = {
      prompt_tokens: roughTokens(messages.map((m) => (typeof m?.content === 'string' ? m.content : '')).join('')),
      completion_tokens: roughTokens(content + (fieldReasoning ?? '')),
      total_tokens: 0,
    };
    usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
    const id = `chatcmpl-mock-${++counter}`;
    const created = Math.floor(Date.now() / 1000);
    const finishReason = 'stop';

    if (!stream) {
      const json = JSON.stringify({
        id,
        object: 'chat.completion',
        created,
        model,
        provider: 'mouthpiece-mock',
        choices: [{ index: 0, message: { role: 'assistant', content, ...(fieldReasoning ? { reasoning_content: fieldReasoning } : {}) }, finish_reason: finishReason }],
        usage,
      });
      if (fault === 'malformed') return send(res, 200, 'application/json', json.slice(0, Math.floor(json.length / 2)));
      if (fault === 'truncate') {
        // Promise the whole body, send half, hang up.
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
        res.write(json.slice(0, Math.floor(json.length / 2)));
        return res.socket?.destroy();
      }
      stats.answered++;
      return send(res, 200, 'application/json', json);
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (delta: Record<string, unknown>, finish: string | null = null, extra: Record<string, unknown> = {}) =>
      `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, provider: 'mouthpiece-mock', choices: [{ index: 0, delta, finish_reason: finish }], ...extra })}\n\n`;
    const pieces: string[] = [chunk({ role: 'assistant', content: '' })];
    if (fieldReasoning) for (const part of split(fieldReasoning)) pieces.push(chunk({ reasoning_content: part }));
    for (const part of split(content)) pieces.push(chunk({ content: part }));
    pieces.push(chunk({}, finishReason));
    pieces.push(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, provider: 'mouthpiece-mock', choices: [], usage })}\n\n`);
    if (fault === 'truncate') {
      res.write(pieces.slice(0, Math.max(1, Math.floor(pieces.length / 2))).join(''));
      return res.socket?.destroy();
    }
    if (fault === 'malformed') {
      res.write(pieces[0] + 'data: {"id": "broken", "choices": [{"delta": {"content": \n\n');
      return res.end('data: [DONE]\n\n');
    }
    stats.answered++;
    res.end(pieces.join('') + 'data: [DONE]\n\n');
  };

  const server = createServer((req, res) => {
    stats.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0].replace(/\/+$/, '');
      if (req.method === 'GET' && path === '/v1/models') {
        const list = JSON.stringify({ object: 'list', data: scripts.map((s) => ({ id: s.model, object: 'model', created: 0, owned_by: 'mouthpiece-mock' })) });
        void wait(options.modelsLatencyMs ?? 0).then(() => !res.destroyed && send(res, 200, 'application/json', list));
        return;
      }
      if (req.method === 'POST' && path === '/v1/chat/completions') {
        handleChat(req, res, Buffer.concat(chunks).toString('utf8')).catch((e: unknown) => {
          if (!res.headersSent) sendError(res, 500, 'server_error', 'internal_error', String(e));
        });
        return;
      }
      sendError(res, 404, 'invalid_request_error', 'not_found', `no route for ${req.method} ${path}`);
    });
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/v1`,
    port,
    models: scripts.map((s) => s.model),
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Pieces of about 48 characters, as a streaming model would send them. */
function split(text: string): string[] {
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += 48) parts.push(text.slice(i, i + 48));
  return parts;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, type: string, code: string, message: string): void {
  send(res, status, 'application/json', JSON.stringify({ error: { message, type, param: null, code } }));
}
