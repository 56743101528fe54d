// A hostile or careless provider repeats the key it was sent (in a 500's message, in a content-filter reason, in
// the answer itself), and a key may come inside --base-url (http://user:KEY@host/v1). Neither may be stored in
// the audit tables, the run's config, or printed.
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { chat } from '../../src/audit/provider.js';
import { AuditSetupError, resumeAudit, startAudit } from '../../src/audit/runner.js';
import { openAuditStore } from '../../src/audit/store.js';
import { maskSecrets, maskUrl, secretMasker } from '../../src/secrets.js';
import { FIXTURE_SCRIPTS, FIXTURE_SUITE, runCli, tempDir } from './helpers.js';

const KEY = 'sk-live-7Qm2xVb9Lr4Tz8NcWp';
const URL_PASSWORD = 'pw-9f8e7d6c5b4a';
const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

/** The store's bytes on disk, main file and write-ahead log. */
function storedBytes(db: string): Buffer {
  return Buffer.concat([db, `${db}-wal`].filter(existsSync).map((f) => readFileSync(f)));
}

function expectAbsent(haystack: Buffer | string, secrets: string[]): void {
  for (const s of secrets) expect(haystack.includes(s), `"${s}" was found`).toBe(false);
}

describe('masking helpers', () => {
  it('URL credentials and key-like query parameters', () => {
    expect(maskUrl('http://alice:secret@127.0.0.1:8080/v1')).toBe('http://***@127.0.0.1:8080/v1');
    expect(maskUrl('https://KEYONLY@api.example/v1')).toBe('https://***@api.example/v1');
    expect(maskUrl('https://api.example/v1?api_key=abc123&x=1')).toBe('https://api.example/v1?api_key=***&x=1');
    expect(maskUrl('http://127.0.0.1:8080/v1')).toBe('http://127.0.0.1:8080/v1');
    expect(maskUrl('not a url http://u:p@h/')).toBe('not a url http://***@h/');
  });

  it('tokens in free text, and the exact values a run knows', () => {
    expect(maskSecrets(`HTTP 500: bad header Authorization: Bearer ${KEY} (retry)`)).toBe('HTTP 500: bad header Authorization: Bearer *** (retry)');
    expect(maskSecrets(`authorization: Basic ${basic('alice', URL_PASSWORD)}`)).toBe('authorization: Basic ***');
    expect(maskSecrets(`your key ${KEY} is invalid`)).toBe('your key sk-*** is invalid');
    const mask = secretMasker([KEY.slice(3), undefined, 'abc']);
    expect(mask(`key ${KEY.slice(3)}, again "${encodeURIComponent(KEY.slice(3))}"`)).toBe('key ***, again "***"');
    // Values too short to be keys are left alone (they would blank out ordinary words).
    expect(mask('abc abc')).toBe('abc abc');
  });
});

describe('a provider that echoes the key', () => {
  let mock: MockProvider;
  beforeAll(async () => {
    mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS, faults: 'echo:0.6', seed: 11 });
  });
  afterAll(() => mock.close());

  it('a key sent as Bearer and repeated in 500s is masked in audit_calls.error, audit_results.error and the whole store', async () => {
    process.env.MOUTHPIECE_TEST_ECHO_KEY = KEY;
    const db = join(tempDir(), 'echo.db');
    const store = await openAuditStore(db);
    await startAudit(store, { suite: FIXTURE_SUITE, baseUrl: mock.url, models: ['mock-echo'], apiKeyEnv: 'MOUTHPIECE_TEST_ECHO_KEY', retries: 1, runId: 'echo-run' }, { backoffMs: 1, analysisThreads: 0 });
    const callErrors = (store.sqlite!.prepare('SELECT error FROM audit_calls WHERE error IS NOT NULL').all() as { error: string }[]).map((r) => r.error);
    const resultErrors = (store.sqlite!.prepare("SELECT error FROM audit_results WHERE outcome = 'failed'").all() as { error: string }[]).map((r) => r.error);
    await store.close();
    expect(mock.stats.faults.echo).toBeGreaterThan(0);
    expect(callErrors.length).toBeGreaterThan(0);
    expect(resultErrors.length).toBeGreaterThan(0);
    for (const e of [...callErrors, ...resultErrors]) expect(e).toMatch(/authorization: Bearer \*\*\*/);
    expectAbsent(storedBytes(db), [KEY, KEY.slice(3), KEY.slice(-12)]);
  });

  it('a key inside --base-url: masked in the stored config and errors; resuming asks for the URL again', async () => {
    const baseUrl = mock.url.replace('http://', `http://alice:${URL_PASSWORD}@`);
    const db = join(tempDir(), 'url.db');
    const store = await openAuditStore(db);
    await startAudit(store, { suite: FIXTURE_SUITE, baseUrl, models: ['mock-echo'], retries: 1, langs: ['en'], runId: 'url-run' }, { backoffMs: 1, analysisThreads: 0 });
    const config = JSON.parse((store.sqlite!.prepare("SELECT config FROM audit_runs WHERE id = 'url-run'").get() as { config: string }).config) as { providers: { baseUrl: string }[] };
    expect(config.providers[0].baseUrl).toBe(mock.url.replace('http://', 'http://***@'));
    const errors = (store.sqlite!.prepare('SELECT error FROM audit_calls WHERE error IS NOT NULL').all() as { error: string }[]).map((r) => r.error);
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) expect(e).toMatch(/authorization: Basic \*\*\*/);
    expectAbsent(storedBytes(db), [URL_PASSWORD, basic('alice', URL_PASSWORD)]);

    // The stored URL lost its credentials: resuming without --base-url says so instead of calling without them.
    await expect(resumeAudit(store, 'url-run', {}, { retryFailed: true, analysisThreads: 0 })).rejects.toThrow(AuditSetupError);
    await expect(resumeAudit(store, 'url-run', {}, { retryFailed: true, analysisThreads: 0 })).rejects.toThrow(/--base-url/);
    const resumed = await resumeAudit(store, 'url-run', { baseUrl, retries: 6 }, { retryFailed: true, backoffMs: 1, analysisThreads: 0 });
    expect(resumed.status).toBe('done');
    await store.close();
    expectAbsent(storedBytes(db), [URL_PASSWORD, basic('alice', URL_PASSWORD)]);
  });

  it('a key repeated inside the answer, the reasoning, the route and a content-filter reason never comes back from the client', async () => {
    let server: Server | null = null;
    try {
      server = createServer((req, res) => {
        const auth = req.headers.authorization ?? '';
        if (req.headers['x-test-block']) {
          res.writeHead(400, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ error: { code: 'content_filter', message: `flagged for ${auth}` } }));
        }
        res.writeHead(200, { 'content-type': 'application/json', 'x-openrouter-provider': `echo ${auth}` });
        res.end(JSON.stringify({ choices: [{ message: { content: `<think>the header was ${auth}</think>Your key is ${auth}.`, role: 'assistant' }, finish_reason: 'stop' }] }));
      });
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as { port: number }).port;
      const reply = await chat({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: KEY }, { model: 'm', prompt: 'p', stream: false, timeoutMs: 5000 });
      expectAbsent(JSON.stringify(reply), [KEY, KEY.slice(3)]);
      expect(reply.answer).toContain('Your key is Bearer ***');
    } finally {
      await new Promise((resolve) => server?.close(resolve));
    }
  });
});

describe('the CLI never prints a key from --base-url', () => {
  it('unreachable provider, unknown model: the messages name the provider without its credentials', async () => {
    const mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS });
    const gone = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS });
    await gone.close();
    try {
      const withCreds = (url: string) => url.replace('http://', `http://alice:${URL_PASSWORD}@`);
      const [unreachable, badModel] = await Promise.all([
        runCli(['audit', '--suite', FIXTURE_SUITE, '--base-url', withCreds(gone.url), '--model', 'mock-echo', '--db', join(tempDir(), 'a.db')]),
        runCli(['audit', '--suite', FIXTURE_SUITE, '--base-url', withCreds(mock.url), '--model', 'gpt-nothing', '--db', join(tempDir(), 'b.db')]),
      ]);
      expect(unreachable.code).toBe(2);
      expect(unreachable.stderr).toMatch(/cannot reach the provider at http:\/\/\*\*\*@127\.0\.0\.1/);
      expect(badModel.code).toBe(2);
      expect(badModel.stderr).toMatch(/not offered by the provider at http:\/\/\*\*\*@127\.0\.0\.1/);
      for (const r of [unreachable, badModel]) expectAbsent(r.stdout + r.stderr, [URL_PASSWORD]);
    } finally {
      await mock.close();
    }
  }, 60_000);
});
