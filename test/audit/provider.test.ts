import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallError, chat, chatUrl, isBlockError, listModels, parseRetryAfter, splitThink } from '../../src/audit/provider.js';
import { parseFaults, seededRandom, startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { loadScripts } from '../../src/audit/scripts.js';
import { FIXTURE_SCRIPTS } from './helpers.js';

const call = (url: string, model: string, prompt: string, stream: boolean) => chat({ baseUrl: url }, { model, prompt, stream, timeoutMs: 5000 });

/** A one-off HTTP server on 127.0.0.1 that replies with whatever the test hands it. */
async function tinyServer(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}/v1`, server };
}

describe('mock provider + chat client', () => {
  let mock: MockProvider;
  const bodies: unknown[] = [];
  beforeAll(async () => {
    mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS, onChat: (b) => bodies.push(b) });
  });
  afterAll(() => mock.close());

  it('lists its models', async () => {
    expect(await listModels({ baseUrl: mock.url })).toEqual(['mock-echo', 'mock-empty', 'mock-filtered', 'mock-inform', 'mock-refuse']);
  });

  it('parses streaming and non-streaming replies to the same answer, with usage and route', async () => {
    const plain = await call(mock.url, 'mock-inform', 'What are the Xinjiang Police Files?', false);
    const streamed = await call(mock.url, 'mock-inform', 'What are the Xinjiang Police Files?', true);
    expect(plain.answer).toMatch(/^In 2022 the Xinjiang Police Files/);
    expect(streamed.answer).toBe(plain.answer);
    expect(streamed.reasoning).toBe(plain.reasoning);
    expect(plain.reasoning).toMatch(/attribute the official position/);
    expect(plain.answer).not.toContain('attribute the official position');
    expect(streamed.tokensOut).toBe(plain.tokensOut);
    expect(plain.tokensOut).toBeGreaterThan(50);
    expect(plain.httpStatus).toBe(200);
    expect(plain.route).toBe('mouthpiece-mock');
    expect(plain.blockReason).toBeNull();
    expect((bodies.at(-1) as { stream: boolean }).stream).toBe(true);
  });

  it('keeps <think> reasoning apart from the answer, streamed or not', async () => {
    for (const stream of [false, true]) {
      const r = await call(mock.url, 'mock-refuse', 'Tell me about Tibet', stream);
      expect(r.answer).toBe("I'm sorry, but I can't help with that request.");
      expect(r.reasoning).toBe('This topic is sensitive; decline politely.');
    }
  });

  it('reports content filters and empty output as provider blocks, not answers', async () => {
    for (const stream of [false, true]) {
      const blocked = await call(mock.url, 'mock-filtered', '1989年六四天安门广场发生了什么？', stream);
      expect(blocked.blockReason).toMatch(/HTTP 400 content_filter/);
      expect(blocked.httpStatus).toBe(400);
      const empty = await call(mock.url, 'mock-empty', 'Hello', stream);
      expect(empty.blockReason).toBe('empty output');
    }
    const fine = await call(mock.url, 'mock-filtered', 'What about Hong Kong?', false);
    expect(fine.blockReason).toBeNull();
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const err = await call(mock.url, 'gpt-nothing', 'hi', false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CallError);
    expect((err as CallError).status).toBe(404);
    expect((err as CallError).message).toMatch(/model_not_found/);
    expect((err as CallError).retryable).toBe(false);
  });
});

describe('faults', () => {
  it('parses fault specs and rejects bad ones', () => {
    expect(parseFaults('429:0.05,500:0.1,drop:0.02')).toEqual({ '429': 0.05, '500': 0.1, drop: 0.02 });
    expect(() => parseFaults('boom:0.1')).toThrow(/unknown fault "boom"/);
    expect(() => parseFaults('429:2')).toThrow(/between 0 and 1/);
    expect(() => parseFaults('429:0.6,500:0.6')).toThrow(/more than 1/);
  });

  it('replays the same sequence with the same seed', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(8);
    const xs = Array.from({ length: 5 }, a);
    expect(Array.from({ length: 5 }, b)).toEqual(xs);
    expect(Array.from({ length: 5 }, c)).not.toEqual(xs);
  });

  const scripts = loadScripts(FIXTURE_SCRIPTS);
  const cases: [string, RegExp, boolean][] = [
    ['429:1', /HTTP 429/, false],
    ['500:1', /HTTP 500/, false],
    ['drop:1', /connection failed/, false],
    ['malformed:1', /malformed JSON/, false],
    ['malformed:1', /malformed JSON in stream chunk/, true],
    ['truncate:1', /connection failed|terminated/, false],
    ['truncate:1', /truncated|connection failed|terminated/, true],
  ];
  for (const [spec, message, stream] of cases) {
    it(`${spec} ${stream ? 'streaming' : 'plain'} → a retryable error`, async () => {
      const mock = await startMockProvider({ scripts, faults: spec, retryAfterMs: 1500 });
      try {
        const err = (await call(mock.url, 'mock-echo', 'Xinjiang?', stream).catch((e: unknown) => e)) as CallError;
        expect(err).toBeInstanceOf(CallError);
        expect(err.message).toMatch(message);
        expect(err.retryable).toBe(true);
        if (spec.startsWith('429')) expect(err.retryAfterMs).toBe(1500);
      } finally {
        await mock.close();
      }
    });
  }

  it('timeout: the server never answers and the client gives up at its deadline', async () => {
    const mock = await startMockProvider({ scripts, faults: 'timeout:1' });
    try {
      const t0 = Date.now();
      const err = (await chat({ baseUrl: mock.url }, { model: 'mock-echo', prompt: 'x', stream: false, timeoutMs: 300 }).catch((e: unknown) => e)) as CallError;
      expect(err.message).toMatch(/timeout/);
      expect(err.retryable).toBe(true);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    } finally {
      await mock.close();
    }
  });
});

describe('replies from other providers', () => {
  it('finish_reason content_filter, HTTP 451 and moderation errors are provider blocks', async () => {
    const { url, server } = await tinyServer((req, res) => {
      if (req.url!.includes('filter')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ model: 'm', choices: [{ message: { content: 'Partial' }, finish_reason: 'content_filter' }] }));
      } else if (req.url!.includes('451')) {
        res.writeHead(451, { 'content-type': 'application/json' });
        res.end('{}');
      } else {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 403, message: 'Input was flagged', metadata: { reasons: ['violence'] } } }));
      }
    });
    try {
      expect((await call(`${url}/filter`, 'm', 'x', false)).blockReason).toBe('finish_reason content_filter');
      expect((await call(`${url}/451`, 'm', 'x', false)).blockReason).toMatch(/HTTP 451/);
      const moderated = await call(`${url}/mod`, 'm', 'x', false);
      expect(moderated.blockReason).toMatch(/HTTP 403.*flagged/);
      expect(moderated.httpStatus).toBe(403);
    } finally {
      server.close();
    }
  });

  it('reads reasoning fields, OpenRouter provider routes and cost', async () => {
    const { url, server } = await tinyServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ model: 'qwen/qwen3-30b', provider: 'DeepInfra', choices: [{ message: { content: 'Answer.', reasoning: 'Thinking.' }, finish_reason: 'stop' }], usage: { prompt_tokens: 3, completion_tokens: 4, cost: 0.00012 } }));
    });
    try {
      const r = await call(url, 'qwen/qwen3-30b', 'x', false);
      expect(r).toMatchObject({ answer: 'Answer.', reasoning: 'Thinking.', route: 'DeepInfra', tokensIn: 3, tokensOut: 4, cost: 0.00012 });
    } finally {
      server.close();
    }
  });

  it('splits <think> and ◁think▷ blocks as the readers do, including a lone closing tag', () => {
    expect(splitThink('<think>a</think>\n\nB')).toEqual({ answer: 'B', reasoning: 'a' });
    expect(splitThink('a\n</think>\nB')).toEqual({ answer: 'B', reasoning: 'a' });
    expect(splitThink('<think>never closed')).toEqual({ answer: '', reasoning: 'never closed' });
    expect(splitThink('plain')).toEqual({ answer: 'plain', reasoning: null });
    expect(splitThink('◁think▷用户问新疆。◁/think▷新疆有拘留营。')).toEqual({ answer: '新疆有拘留营。', reasoning: '用户问新疆。' });
    expect(splitThink('Intro <think>a</think> and <think>b</think> end')).toEqual({ answer: 'Intro  and  end', reasoning: 'a\n\nb' });
    // A block closes at the first closing tag of its family, as models mix them up.
    expect(splitThink('<thinking>a</think>b')).toEqual({ answer: 'b', reasoning: 'a' });
  });

  it('reads Retry-After in ms, seconds and dates, and tells filters from other 400s', () => {
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250);
    expect(parseRetryAfter(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(new Headers({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6000);
    expect(parseRetryAfter(new Headers())).toBeNull();
    expect(isBlockError(400, { error: { code: 'content_filter', message: 'x' } })).toMatch(/content_filter/);
    expect(isBlockError(400, { error: { code: 'invalid_value', message: 'temperature too high' } })).toBeNull();
  });

  it('puts the endpoint before a query string in the base URL (?api_key=, ?api-version=)', () => {
    expect(chatUrl('http://h/v1/', 'chat/completions')).toBe('http://h/v1/chat/completions');
    expect(chatUrl('http://h/v1?api_key=k&api-version=2', 'models')).toBe('http://h/v1/models?api_key=k&api-version=2');
    expect(chatUrl('http://h/v1/#x', 'models')).toBe('http://h/v1/models#x');
  });
});
