// mouthpiece.yaml: valid and invalid configs (table-driven), presets, credentials kept out of the file, the plan a
// config gives, the dry-run estimate, and what reaches the provider (headers, body fields, max tokens field).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configJsonSchema, configSchema, ConfigError, expandHeaders, loadConfig, PRESETS, STARTER_CONFIG } from '../../src/audit/config.js';
import { estimatePlan, estimateTokens } from '../../src/audit/estimate.js';
import { cacheKey, planAudit, resumeAudit, startAudit, AuditSetupError } from '../../src/audit/runner.js';
import { createRun, openAuditStore, releaseRun } from '../../src/audit/store.js';
import { startMockProvider, type ChatBody, type MockProvider } from '../../src/audit/mock-provider.js';
import { FIXTURE_SUITE, SCRIPTS, tempDir } from './helpers.js';

const base = { providers: [{ id: 'local', baseUrl: 'http://127.0.0.1:8088/v1', models: ['m'] }], suite: 'control' };

describe('config schema', () => {
  const valid: [string, unknown][] = [
    ['the minimal form', base],
    ['a preset instead of a URL', { ...base, providers: [{ id: 'or', preset: 'openrouter', models: ['deepseek/deepseek-r1'] }] }],
    ['models with labels and prices', { ...base, providers: [{ id: 'a', preset: 'ollama', models: [{ name: 'qwen2.5:7b', label: 'qwen-local', price: { input: 0, output: 0 } }] }] }],
    ['the same model name under two labels', { ...base, providers: [{ id: 'a', preset: 'vllm', models: [{ name: 'm', label: 'm-vllm' }] }, { id: 'b', preset: 'ollama', models: ['m'] }] }],
    ['a credential header from the environment', { ...base, providers: [{ ...base.providers[0], headers: { 'X-Api-Key': '${MY_KEY}', 'X-Title': 'study' } }] }],
    ['gates and filters', { ...base, topics: ['xinjiang'], tags: ['history'], limit: 3, maxRate: { state_echo: 0.05 }, languages: ['en', 'zh-Hant'] }],
  ];
  it.each(valid)('accepts %s', (_, config) => {
    const r = configSchema.safeParse(config);
    expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
  });

  const invalid: [string, unknown, RegExp][] = [
    ['no providers', { suite: 'control', providers: [] }, /at least one provider/],
    ['neither URL nor preset', { ...base, providers: [{ id: 'x', models: ['m'] }] }, /baseUrl or a preset/],
    ['an unknown preset', { ...base, providers: [{ id: 'x', preset: 'azure', models: ['m'] }] }, /preset/],
    ['a key in place of its variable name', { ...base, providers: [{ ...base.providers[0], apiKeyEnv: 'sk-or-v1-abc' }] }, /NAME of an environment variable/],
    ['a literal credential header', { ...base, providers: [{ ...base.providers[0], headers: { Authorization: 'Bearer sk-123' } }] }, /from the environment/],
    ['a body field the client sets', { ...base, providers: [{ ...base.providers[0], body: { messages: [] } }] }, /cannot be overridden/],
    ['two providers serving one label', { ...base, providers: [base.providers[0], { id: 'b', preset: 'ollama', models: ['m'] }] }, /give one of them a label/],
    ['duplicate provider ids', { ...base, providers: [base.providers[0], { ...base.providers[0], models: ['n'] }] }, /duplicate provider id/],
    ['a rate above 1', { ...base, maxRate: { state_echo: 5 } }, /maxRate/],
    ['an unknown field (a typo)', { ...base, sample: 3 }, /sample/],
    ['a language no suite has', { ...base, languages: ['fr'] }, /languages/],
  ];
  it.each(invalid)('refuses %s', (_, config, message) => {
    const r = configSchema.safeParse(config);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).toMatch(message);
  });

  it('the starter config validates, names every preset, and its JSON Schema is published', () => {
    expect(configSchema.safeParse(parseYaml(STARTER_CONFIG)).success).toBe(true);
    for (const preset of Object.keys(PRESETS)) expect(STARTER_CONFIG).toContain(preset);
    const [name, text] = Object.entries(configJsonSchema())[0];
    expect(readFileSync(new URL(`../../schemas/${name}`, import.meta.url), 'utf8')).toBe(text); // `npm run schemas` after a change
  });
});

describe('loadConfig', () => {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('resolves presets, prices and a suite file next to the config', () => {
    writeFileSync(join(dir, 'mine.yaml'), readFileSync(FIXTURE_SUITE));
    const loaded = loadConfig(
      write('a.yaml', 'providers:\n  - id: oa\n    preset: openai\n    price: {input: 1, output: 4}\n    models: [gpt-x, {name: gpt-y, price: {input: 2, output: 8}}]\nsuite: mine.yaml\n'),
    );
    expect(loaded.suite).toBe(join(dir, 'mine.yaml'));
    expect(loaded.providers[0]).toMatchObject({ baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY', maxTokensField: 'max_completion_tokens' });
    expect(loaded.providers[0].models.map((m) => m.price)).toEqual([{ input: 1, output: 4 }, { input: 2, output: 8 }]);
  });

  it('reports every problem with its place in the file, and bad YAML as such', () => {
    expect(() => loadConfig(write('b.yaml', 'providers:\n  - id: x\n    models: []\nsuite: 3\n'))).toThrow(/providers\.0\.models[\s\S]*suite/);
    expect(() => loadConfig(write('c.yaml', 'providers: [\n'))).toThrow(/not valid YAML/);
    expect(() => loadConfig(join(dir, 'none.yaml'))).toThrow(/mouthpiece init/);
  });

  it('expands ${VAR} in headers and refuses a missing variable rather than sending an empty header', () => {
    expect(expandHeaders({ 'X-Key': 'k=${A}', T: 'plain' }, { A: 'secret' })).toEqual({ 'X-Key': 'k=secret', T: 'plain' });
    expect(() => expandHeaders({ 'X-Key': '${NOPE}' }, {})).toThrow(ConfigError);
  });
});

describe('plans from a config', () => {
  const providers = loadConfigFrom({
    providers: [
      { id: 'a', baseUrl: 'http://127.0.0.1:1/v1', models: [{ name: 'm1', price: { input: 1, output: 2 } }] },
      { id: 'b', baseUrl: 'http://127.0.0.1:2/v1', models: [{ name: 'm1', label: 'm1-b' }] },
    ],
    suite: FIXTURE_SUITE,
  });

  it('expands prompts × languages × every provider\'s models, filtered by topic and limited', () => {
    const all = planAudit({ suite: FIXTURE_SUITE, providers, langs: ['en'] });
    const topic = all.requests[0].topic;
    const some = planAudit({ suite: FIXTURE_SUITE, providers, langs: ['en'], topics: [topic], limit: 1 });
    expect(new Set(all.requests.map((r) => r.model))).toEqual(new Set(['m1', 'm1-b']));
    expect(some.requests).toHaveLength(2);
    expect(some.requests.every((r) => r.topic === topic)).toBe(true);
    expect(() => planAudit({ suite: FIXTURE_SUITE, providers, topics: ['no-such-topic'] })).toThrow(/not in the suite/);
  });

  it('estimates tokens and cost only where a price is given, and counts cached requests as not sent', () => {
    const plan = planAudit({ suite: FIXTURE_SUITE, providers, langs: ['en', 'zh'] });
    const lines = estimatePlan(plan, 100);
    expect(lines[0].cost).toBeCloseTo((lines[0].tokensIn * 1 + lines[0].tokensOut * 2) / 1e6, 10);
    expect(lines[1].cost).toBeNull();
    const cachedAll = estimatePlan(plan, 100, () => true);
    expect(cachedAll.every((l) => l.cached === l.requests && l.tokensIn === 0)).toBe(true);
    expect(estimateTokens('中华人民共和国')).toBe(7);
    expect(estimateTokens('abcdefgh')).toBe(2);
  });

  it('keys the cache by what is sent: sample, prompt and provider settings change the key, the URL\'s credentials do not', () => {
    const plan = planAudit({ suite: FIXTURE_SUITE, providers, langs: ['en'] });
    const [p] = plan.config.providers!;
    const req = { prompt: 'q', sample: 1 };
    const k = cacheKey(p, 'm1', plan.config, req);
    expect(cacheKey(p, 'm1', plan.config, { ...req, sample: 2 })).not.toBe(k);
    expect(cacheKey(p, 'm1', plan.config, { ...req, prompt: 'q2' })).not.toBe(k);
    expect(cacheKey({ ...p, body: { top_p: 0.1 } }, 'm1', plan.config, req)).not.toBe(k);
    expect(cacheKey(p, 'm1', { ...plan.config, temperature: 0.3 }, req)).not.toBe(k);
    expect(cacheKey({ ...p, baseUrl: 'http://u:pw@127.0.0.1:1/v1' }, 'm1', plan.config, req)).toBe(cacheKey({ ...p, baseUrl: 'http://u:other@127.0.0.1:1/v1' }, 'm1', plan.config, req));
  });
});

describe('what a config sends', () => {
  let mock: MockProvider;
  const seen: { body: ChatBody & Record<string, unknown> }[] = [];
  beforeAll(async () => {
    mock = await startMockProvider({ scriptsDir: SCRIPTS, onChat: (body) => seen.push({ body: body as ChatBody & Record<string, unknown> }) });
  });
  afterAll(() => mock?.close());

  it('sends body fields, the preset\'s max-tokens field and the labelled model\'s real name; stores no header value', async () => {
    const dir = tempDir();
    const store = await openAuditStore(join(dir, 'a.db'));
    process.env.MOUTHPIECE_TEST_HEADER = 'hdr-secret-value-123';
    const providers = loadConfigFrom({
      providers: [{ id: 'oa', preset: 'openai', apiKeyEnv: null, baseUrl: mock.url, models: [{ name: 'mock-echo', label: 'echo' }], headers: { 'X-Api-Key': '${MOUTHPIECE_TEST_HEADER}' }, body: { seed: 42 } }],
      suite: FIXTURE_SUITE,
    });
    await startAudit(store, { suite: FIXTURE_SUITE, providers, langs: ['en'], limit: 2, maxTokens: 64, runId: 'cfg' }, { analysisThreads: 0 });
    expect(seen.length).toBeGreaterThan(0);
    for (const { body } of seen) expect(body).toMatchObject({ model: 'mock-echo', seed: 42, max_completion_tokens: 64 });
    expect(seen.every(({ body }) => !('max_tokens' in body))).toBe(true);
    const models = store.sqlite!.prepare("SELECT DISTINCT model FROM audit_requests WHERE run = 'cfg'").all();
    expect(models).toEqual([{ model: 'echo' }]);
    const config = (store.sqlite!.prepare("SELECT config FROM audit_runs WHERE id = 'cfg'").get() as { config: string }).config;
    expect(config).toContain('${MOUTHPIECE_TEST_HEADER}');
    expect(config).not.toContain('hdr-secret-value-123');
    await store.close();
    delete process.env.MOUTHPIECE_TEST_HEADER;
  });

  it('refuses to start when a header variable is missing, before any request', async () => {
    const before = mock.stats.chat;
    const store = await openAuditStore(join(tempDir(), 'b.db'));
    const providers = loadConfigFrom({ providers: [{ id: 'x', baseUrl: mock.url, models: ['mock-echo'], headers: { 'X-Token': '${MOUTHPIECE_TEST_UNSET}' } }], suite: FIXTURE_SUITE });
    await expect(startAudit(store, { suite: FIXTURE_SUITE, providers, langs: ['en'] })).rejects.toThrow(AuditSetupError);
    await expect(startAudit(store, { suite: FIXTURE_SUITE, providers, langs: ['en'] })).rejects.toThrow(/provider "x".*MOUTHPIECE_TEST_UNSET/);
    expect(mock.stats.chat).toBe(before);
    await store.close();
  });
});

describe('resuming', () => {
  let a: MockProvider;
  let b: MockProvider;
  beforeAll(async () => {
    a = await startMockProvider({ scriptsDir: SCRIPTS });
    b = await startMockProvider({ scriptsDir: SCRIPTS });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('continues a run stored before providers existed (one base URL in its settings)', async () => {
    const store = await openAuditStore(join(tempDir(), 'old.db'));
    const plan = planAudit({ suite: FIXTURE_SUITE, baseUrl: a.url, models: ['mock-echo'], langs: ['en'] });
    const legacy = { baseUrl: a.url, apiKeyEnv: null, temperature: null, maxTokens: null, system: null, stream: false, concurrency: 2, rpm: null, timeoutMs: 5000, retries: 1 };
    await createRun(store, { id: 'old', suite: plan.suite, suiteFile: plan.suiteFile, models: ['mock-echo'], langs: ['en'], samples: 1, config: legacy }, plan.requests);
    await releaseRun(store, 'old');
    const report = await resumeAudit(store, 'old', {}, { analysisThreads: 0 });
    expect(report).toMatchObject({ status: 'done', results: plan.requests.length });
    await store.close();
  });

  it('sends each provider of a two-provider run its own models; --config gives them new URLs on resume', async () => {
    const store = await openAuditStore(join(tempDir(), 'two.db'));
    const config = { providers: [{ id: 'pa', baseUrl: a.url, models: ['mock-echo'] }, { id: 'pb', baseUrl: b.url, models: ['mock-refuse'] }], suite: FIXTURE_SUITE };
    const controller = new AbortController();
    const first = await startAudit(store, { suite: FIXTURE_SUITE, providers: loadConfigFrom(config), langs: ['en', 'zh'], runId: 'two' }, {
      analysisThreads: 0,
      signal: controller.signal,
      onProgress: (p) => p.done >= 3 && controller.abort(),
    });
    expect(first.status).toBe('interrupted');
    // Provider b moved: the stored URL no longer answers, the config has the new one.
    const moved = await startMockProvider({ scriptsDir: SCRIPTS });
    await new Promise((r) => setTimeout(r, 300)); // requests cancelled in flight may still reach b's server
    const before = { a: a.stats.chat, b: b.stats.chat };
    const resumed = await resumeAudit(store, 'two', { providers: loadConfigFrom({ ...config, providers: [config.providers[0], { ...config.providers[1], baseUrl: moved.url }] }) }, { analysisThreads: 0 });
    expect(resumed.status).toBe('done');
    expect(b.stats.chat).toBe(before.b);
    expect(moved.stats.chat).toBeGreaterThan(0);
    const routes = store.sqlite!.prepare("SELECT q.model, COUNT(*) AS n FROM audit_requests q JOIN audit_results r ON r.request = q.id WHERE q.run = 'two' GROUP BY q.model").all();
    expect(routes).toEqual([{ model: 'mock-echo', n: expect.any(Number) }, { model: 'mock-refuse', n: expect.any(Number) }]);
    await expect(resumeAudit(store, 'two', { baseUrl: a.url }, { analysisThreads: 0 })).rejects.toThrow(/2 providers: give their URLs with --config/);
    await moved.close();
    await store.close();
  });
});

function loadConfigFrom(config: unknown) {
  const dir = tempDir();
  const file = join(dir, 'mouthpiece.yaml');
  writeFileSync(file, JSON.stringify(config)); // JSON is YAML
  return loadConfig(file).providers;
}
