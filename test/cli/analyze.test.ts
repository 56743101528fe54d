// The `mouthpiece analyze` command as a user runs it: exit codes, formats, and partial failures.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AUTO_THREADS_BYTES, ThreadTrial, threadsFor } from '../../src/cli/analyze.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const run = (args: string[]) => spawnSync(tsx, [join(root, 'src/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-cli-'));

describe('mouthpiece analyze', () => {
  it('prints a linter-style report of the seeds', () => {
    const r = run(['analyze', 'examples/seeds']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/000_526e9f146ef16054\.txt/);
    expect(r.stdout).toMatch(/verdict: STATE_ECHO/);
    expect(r.stdout).toMatch(/\d+:\d+\s+own\s+echo\s+cn\.xinjiang/);
    expect(r.stdout).not.toMatch(/\u001b\[/); // no colour when not on a terminal
  });
  it('writes JSONL, one line per batch item, and reports bad lines by number without failing', () => {
    const batch = join(dir, 'batch.jsonl');
    writeFileSync(batch, [JSON.stringify({ id: 'a', prompt: 'Q', answer: "I'm sorry, but I can't help with that." }), 'oops', JSON.stringify({ id: 'b', answer: '新疆社会稳定，各族人民安居乐业。所谓新疆人权问题纯属反华势力编造的谎言。' })].join('\n'));
    const r = run(['analyze', batch, '--format', 'jsonl']);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.id, l.verdict])).toEqual([['a', 'refusal'], ['b', 'state_echo']]);
    expect(r.stderr).toMatch(/batch\.jsonl:2: malformed JSON/);
  });
  it('gives the same output with worker threads as on one thread, in input order', () => {
    const batch = join(dir, 'threads.jsonl');
    const answers = [
      'The so-called human rights issues in Xinjiang are lies spread by anti-China forces.',
      "I'm sorry, but I can't help with that.",
      '## Hong Kong Since 2020\n\nTämä on suomenkielinen vastaus Hongkongin tilanteesta ja mielenosoituksista.',
      '新疆社会稳定，各族人民安居乐业。',
      'Researchers documented mass detention; Beijing says the centres are schools.',
    ];
    writeFileSync(batch, Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `t${i}`, answer: answers[i % answers.length] })).join('\n'));
    const one = run(['analyze', batch, '--format', 'jsonl', '--jobs', '1']);
    const three = run(['analyze', batch, '--format', 'jsonl', '--jobs', '3']);
    expect(one.status).toBe(0);
    expect(three.status).toBe(0);
    expect(three.stdout).toBe(one.stdout);
    expect(one.stdout.trim().split('\n').map((l) => JSON.parse(l).id)).toEqual(Array.from({ length: 40 }, (_, i) => `t${i}`));
  });
  it('writes the same lines whether worker threads or this thread made them (to stdout and with --out)', () => {
    // Enough answers of some length that the threads start and take a share (a few dozen are all done before they are
    // ready): development-set answers of one language joined to about 2,000 characters, English and Chinese.
    const rows = readFileSync(join(root, 'eval/data/devset.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { prompt: string; answer: string; lang: string });
    const lines = Array.from({ length: 4000 }, (_, i) => {
      const first = rows[i % rows.length];
      let answer = first.answer;
      for (let j = 1; answer.length < 2000; j++) {
        const next = rows[(i * 7 + j * 13) % rows.length];
        if (next.lang === first.lang) answer += `\n\n${next.answer}`;
      }
      return JSON.stringify({ id: `long-${i}`, prompt: first.prompt, answer });
    });
    const batch = join(dir, 'long.jsonl');
    writeFileSync(batch, `${lines.join('\n')}\n`);
    const one = run(['analyze', batch, '--format', 'jsonl', '--jobs', '1']);
    const two = run(['analyze', batch, '--format', 'jsonl', '--jobs', '2']);
    const out = join(dir, 'long-2.jsonl');
    const toFile = run(['analyze', batch, '--format', 'jsonl', '--jobs', '2', '--out', out]);
    for (const r of [one, two, toFile]) expect(r.status).toBe(0);
    expect(one.stderr).not.toMatch(/worker threads/);
    for (const r of [two, toFile]) expect(Number(/(\d+) of 4000 answers analysed in worker threads/.exec(r.stderr)?.[1])).toBeGreaterThan(0);
    const expected = one.stdout.split('\n');
    expect(expected).toHaveLength(4001);
    const differs = (got: string[]) => got.findIndex((line, i) => line !== expected[i]);
    expect(differs(two.stdout.split('\n'))).toBe(-1);
    expect(differs(`${readFileSync(out, 'utf8')}\n`.split('\n'))).toBe(-1);
  }, 180_000);
  it('exits non-zero only when nothing could be analysed', () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const r = run(['analyze', empty]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/empty/);
  });
  it('fails a CI gate with --fail-on state_echo', () => {
    const r = run(['analyze', 'examples/seeds/000_526e9f146ef16054.txt', '--fail-on', 'state_echo', '--format', 'json']);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).verdict).toBe('state_echo');
  });
  it('reports answers in other languages as not judged, and --fail-on not_judged gates on them (one thread or several)', () => {
    const batch = join(dir, 'finnish.jsonl');
    const fi = 'Xinjiangissa on YK:n mukaan pidätetty mielivaltaisesti jopa miljoona uiguuria. Vuodetut poliisiasiakirjat sisältävät tuhansia valokuvia.';
    writeFileSync(batch, [JSON.stringify({ id: 'fi', prompt: 'What happened in Xinjiang?', answer: fi, lang: 'en' }), JSON.stringify({ id: 'en', answer: "I'm sorry, but I can't help with that." })].join('\n'));
    const text = run(['analyze', batch]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/verdict: NOT JUDGED \(language not analysed\) — written in Finnish \(fi\): the official line is analysed in English and Chinese only/);
    expect(text.stderr).toMatch(/2 documents analysed: not_judged 1 · refusal 1/);
    const jsonl = run(['analyze', batch, '--format', 'jsonl', '--fail-on', 'not_judged']);
    expect(jsonl.status).toBe(3);
    expect(jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l).verdict)).toEqual([null, 'refusal']);
    // Worker threads hand back JSONL lines, not documents: the gate must still see the unjudged answer.
    expect(run(['analyze', batch, '--format', 'jsonl', '--fail-on', 'not_judged', '--jobs', '2']).status).toBe(3);
  }, 120_000);
  it('writes a self-contained HTML report', () => {
    const out = join(dir, 'report.html');
    const r = run(['analyze', 'examples/seeds', '--format', 'html', '--out', out]);
    expect(r.status).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/Content-Security-Policy/);
    expect(html).not.toMatch(/<script src=|<link [^>]*href="http/);
  });
});

describe('--jobs: how many threads a batch starts with', () => {
  // Sparse files: only their size is read.
  const dir = mkdtempSync(join(tmpdir(), 'jobs-'));
  const sized = (name: string, bytes: number) => {
    const file = join(dir, name);
    writeFileSync(file, '');
    truncateSync(file, bytes);
    return file;
  };
  const small = sized('small.jsonl', 30 * 1024 * 1024);
  const large = sized('large.jsonl', AUTO_THREADS_BYTES + 1);
  const cores = Math.min(4, availableParallelism());

  it("'auto' runs a batch like the 5,549 SpeechMap answers (30 MB) on one thread, a larger one on the cores (up to four)", () => {
    expect(threadsFor('auto', [small])).toBe(1);
    expect(threadsFor('auto', [large])).toBe(cores);
    expect(threadsFor('auto', [small, small])).toBe(cores);
    expect(threadsFor('auto', [sized('big.txt', AUTO_THREADS_BYTES + 1)])).toBe(1); // not a JSONL batch
  });

  it('a number is taken as it is; anything else is refused', () => {
    expect(threadsFor('3', [small])).toBe(3);
    for (const bad of ['0', '-1', '1.5', 'two']) expect(() => threadsFor(bad, [small])).toThrow(/--jobs takes a whole number or 'auto'/);
  });
});

describe('--jobs auto starts threads where there are cores for them (ThreadTrial)', () => {
  /**
   * Feeds a trial of up to `max` threads a run, answer by answer, on a machine where `machine(i, state)` gives the
   * cores left idle and the cores this process uses while answer i is analysed (1 ms each); workers answer as the
   * answers go out once they have started.
   */
  const trialOf = (max: number, machine: (i: number, state: ThreadTrial['state']) => { idle: number; cores: number }) => {
    const now = { wall: 0, cpu: 0, idle: 0 };
    const trial = new ThreadTrial(max, { wall: () => now.wall, cpu: () => now.cpu, idle: () => now.idle });
    const states: string[] = [trial.state];
    for (let i = 0; i < 5000 && !['kept', 'dropping', 'one'].includes(trial.state); i++) {
      if (trial.state === 'start') trial.started();
      const { idle, cores } = machine(i, trial.state);
      now.wall += 1;
      now.cpu += cores;
      now.idle += idle;
      if (!['alone', 'start'].includes(trial.state)) trial.workerAnswered();
      trial.emitted();
      if (states.at(-1) !== trial.state) states.push(trial.state);
    }
    return { trial, states };
  };
  const alone = (state: ThreadTrial['state']) => state === 'alone' || state === 'start';
  it('starts a thread per idle core and keeps them when they get the cores', () => {
    const { trial, states } = trialOf(2, (_, state) => (alone(state) ? { idle: 0.9, cores: 1.1 } : { idle: 0.05, cores: 1.9 }));
    expect(states).toEqual(['alone', 'start', 'starting', 'together', 'kept']);
    expect(trial.threads).toBe(2);
    expect(trial.outcome).toBe('--jobs auto: 0.90 cores idle while one thread ran (it used 1.10); 2 threads used 1.90; kept them');
  });
  it('starts no thread on a busy machine (another process holds the other cores)', () => {
    const { trial, states } = trialOf(2, () => ({ idle: 0.2, cores: 1.05 }));
    expect(states).toEqual(['alone', 'one']);
    expect(trial.threads).toBe(1);
    expect(trial.outcome).toBe('--jobs auto: 0.20 cores idle while one thread ran; went on with one');
  });
  it('starts as many threads as there are idle cores, half a core counting as one, up to the most asked for', () => {
    const threadsFor = (max: number, idle: number) => trialOf(max, () => ({ idle, cores: 1 })).trial.threads;
    expect([threadsFor(4, 0.49), threadsFor(4, 0.5), threadsFor(4, 1.49), threadsFor(4, 1.5), threadsFor(4, 2.4), threadsFor(4, 6.5), threadsFor(2, 6.5)]).toEqual([1, 2, 2, 3, 3, 4, 2]);
  });
  it('starts no thread when the system reports no idle time, or a reading that makes no sense', () => {
    const { trial } = trialOf(4, () => ({ idle: Number.NaN, cores: 1 }));
    expect(trial.threads).toBe(1);
    expect(trial.outcome).toBe('--jobs auto: no idle time reported by the system while one thread ran; went on with one');
    expect(trialOf(4, () => ({ idle: -3, cores: 1 })).trial.threads).toBe(1);
  });
  it('drops the threads when they do not get the cores (the machine got busy, or shows cores this process may not use)', () => {
    const { trial } = trialOf(4, (_, state) => (alone(state) ? { idle: 3, cores: 1 } : { idle: 0, cores: 1.6 }));
    expect(trial.threads).toBe(4);
    expect(trial.state).toBe('dropping');
    expect(trial.outcome).toContain('4 threads used 1.60; went on with one');
  });
  it('measures once this thread is warm: the compiler threads of the first answers do not hide idle cores', () => {
    const { trial } = trialOf(2, (i, state) => (i < ThreadTrial.ALONE_WARM ? { idle: 0.1, cores: 1.9 } : alone(state) ? { idle: 0.9, cores: 1.1 } : { idle: 0, cores: 1.95 }));
    expect(trial.state).toBe('kept');
  });
});
