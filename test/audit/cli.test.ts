import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditStore, OUTCOMES } from '../../src/audit/store.js';
import { listRuns } from '../../src/audit/results.js';
import { startMockProvider, type MockProvider } from '../../src/audit/mock-provider.js';
import { FIXTURES, FIXTURE_SCRIPTS, FIXTURE_SUITE, killGroup, lastLine, runCli, spawnCli, tempDir, type CliResult } from './helpers.js';

describe('clear messages before any request', () => {
  let mock: MockProvider;
  // The failing commands run side by side (each spawn costs seconds); none may send a chat request.
  let results: Record<'badSuite' | 'missingKey' | 'badModel' | 'unreachable' | 'badThreads', CliResult & { db: string }>;
  beforeAll(async () => {
    mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS });
    const gone = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS });
    await gone.close();
    const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const db = join(tempDir(), 'a.db');
      return { ...(await runCli(['audit', ...args, '--db', db], env)), db };
    };
    const [badSuite, missingKey, badModel, unreachable, badThreads] = await Promise.all([
      run(['--suite', join(FIXTURES, 'suites/broken.yaml'), '--base-url', mock.url, '--model', 'mock-echo']),
      run(['--suite', FIXTURE_SUITE, '--base-url', mock.url, '--model', 'mock-echo', '--api-key-env', 'MOUTHPIECE_TEST_NO_SUCH_KEY'], { MOUTHPIECE_TEST_NO_SUCH_KEY: '' }),
      run(['--suite', FIXTURE_SUITE, '--base-url', mock.url, '--model', 'mock-echo,gpt-nothing']),
      run(['--suite', FIXTURE_SUITE, '--base-url', gone.url, '--model', 'mock-echo']),
      run(['--suite', FIXTURE_SUITE, '--base-url', mock.url, '--model', 'mock-echo', '--analysis-threads', '1.5']),
    ]);
    results = { badSuite, missingKey, badModel, unreachable, badThreads };
  });
  afterAll(() => mock.close());

  it('no chat request was sent and no run was stored by any of them', async () => {
    expect(mock.stats.chat).toBe(0);
    for (const r of Object.values(results)) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const store = await openAuditStore(r.db);
      expect(await listRuns(store)).toEqual([]);
      await store.close();
    }
  });

  it('bad suite file: names the file, prompt and field', () => {
    expect(results.badSuite.stderr).toMatch(/bad suite: .*broken\.yaml: prompts\[1\] \(missing\.zh\) text\.zh/);
  });

  it('missing API-key variable', () => {
    expect(results.missingKey.stderr).toMatch(/MOUTHPIECE_TEST_NO_SUCH_KEY, which is not set/);
  });

  it('invalid model name', () => {
    expect(results.badModel.stderr).toMatch(/model "gpt-nothing" not offered by the provider .*mock-echo/);
  });

  it('unreachable provider', () => {
    expect(results.unreachable.stderr).toMatch(/cannot reach the provider at http:\/\/127\.0\.0\.1:\d+\/v1 .*ECONNREFUSED/);
  });

  it('analysis threads that are not a whole number', () => {
    expect(results.badThreads.stderr).toMatch(/--analysis-threads takes a whole number of at least 0 \(got "1\.5"\)/);
  });
});

describe('a working run', () => {
  let mock: MockProvider;
  beforeAll(async () => {
    mock = await startMockProvider({ scriptsDir: FIXTURE_SCRIPTS });
  });
  afterAll(() => mock.close());

  it('prints its id on the last line, the key never reaches output or store, results print as JSON', async () => {
    const db = join(tempDir(), 'a.db');
    const secret = 'sk-test-secret-value-123';
    const r = await runCli(
      ['audit', '--suite', FIXTURE_SUITE, '--base-url', mock.url, '--model', 'mock-echo', '--db', db, '--api-key-env', 'MOUTHPIECE_TEST_KEY', '--lang', 'en', '--run', 'named-run'],
      { MOUTHPIECE_TEST_KEY: secret },
    );
    expect(r.code).toBe(0);
    expect(lastLine(r.stdout)).toBe('named-run');
    expect(mock.stats.chat).toBe(5);
    expect(r.stdout + r.stderr).not.toContain(secret);
    for (const f of [db, `${db}-wal`]) {
      try {
        expect(readFileSync(f).includes(secret)).toBe(false);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    const json = await runCli(['results', 'named-run', '--db', db, '--format', 'json']);
    const summary = JSON.parse(json.stdout) as { run: string; expected: number; results: number; byModel: Record<string, Record<string, number>> };
    expect(summary).toMatchObject({ run: 'named-run', expected: 5, results: 5 });
    expect(Object.keys(summary.byModel['mock-echo']).sort()).toEqual([...OUTCOMES].sort());
    expect(Object.values(summary.byModel['mock-echo']).reduce((a, b) => a + b, 0)).toBe(5);
  });
});

describe('mock-provider --replay: real answers served in turn by mock-replay', () => {
  it('serves the file\'s answers in turn, whatever is asked, beside the scripted models', async () => {
    const file = join(tempDir(), 'answers.jsonl');
    writeFileSync(file, ['{"answer":"First real answer."}', '', '{"answer":"第二个回答。","model":"x"}'].join('\n'));
    const { child, done } = spawnCli(['mock-provider', '--port', '0', '--replay', file]);
    try {
      const url = await new Promise<string>((resolve) => {
        let out = '';
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /at (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
          if (m) resolve(m[1]!);
        });
      });
      const ask = async (model: string, content: string) => {
        const r = await fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, messages: [{ role: 'user', content }] }) });
        return ((await r.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content;
      };
      const models = ((await (await fetch(`${url}/models`)).json()) as { data: { id: string }[] }).data.map((m) => m.id);
      expect(models).toContain('mock-replay');
      expect(models).toContain('mock-echo');
      expect([await ask('mock-replay', 'a'), await ask('mock-replay', '什么'), await ask('mock-replay', 'c')]).toEqual(['First real answer.', '第二个回答。', 'First real answer.']);
    } finally {
      killGroup(child);
      await done;
    }
  });

  it('refuses a file without answers, and says which line', async () => {
    const file = join(tempDir(), 'bad.jsonl');
    writeFileSync(file, '{"answer":"ok"}\n{"text":"no answer field"}\n');
    const r = await runCli(['mock-provider', '--port', '0', '--replay', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.jsonl:2 has no "answer" string');
  });
});
