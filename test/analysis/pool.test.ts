// The analysis threads: ready only once they have compiled the knowledge, and JSONL lines that match the main
// thread's own, already safe for a terminal.
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { workerAnalyzer } from '../../src/analysis/pool.js';
import { analyzeAnswer, analyzeDocument } from '../../src/analysis/pipeline.js';
import { answerDocument } from '../../src/readers/answer.js';
import { toJsonLine } from '../../src/reporters/json.js';
import { safeJson } from '../../src/reporters/terminal-safe.js';

const pool = workerAnalyzer(1);
afterAll(() => pool.close());

describe('workerAnalyzer', () => {
  it('says it is ready only after its thread has started, then answers with terminal-safe JSONL lines', async () => {
    expect(pool.ready!()).toBe(false);
    const deadline = Date.now() + 60_000;
    while (!pool.ready!() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(pool.ready!()).toBe(true);
    // Hostile text: a bidirectional override and a C1 control must come back escaped, as the main thread writes them.
    for (const answer of ['Beijing says the camps are vocational schools.', 'evil \u202e text \u0085 here', '新疆的稳定来之不易。']) {
      const line = await pool.analyzeToLine!(answerDocument({ answer, id: 'a' }));
      const text = new TextDecoder().decode(line.bytes);
      expect(text).toBe(`${safeJson(toJsonLine(analyzeDocument(answerDocument({ answer, id: 'a' }))))}\n`);
      expect(text).not.toMatch(/[\u202e\u0085]/);
    }
    expect(pool.pending!()).toBe(0);
  }, 90_000);
});

describe('workerAnalyzer, answers sent before its thread is ready', () => {
  const answers = ['Beijing says the camps are vocational schools.', '新疆的稳定来之不易。', 'Reports show mass detention in Xinjiang.', 'I cannot help with that.'];
  const plain = (answer: string, i: number) => JSON.stringify(analyzeAnswer({ answer, id: String(i) }));

  it('waits for its thread and gives the documents this thread would, in the order asked', async () => {
    const threads = workerAnalyzer(1);
    try {
      // More answers at once than the thread takes, sent before it has started: they wait in its queue.
      const batch = Array.from({ length: 24 }, (_, i) => answers[i % answers.length]);
      const pending = batch.map((answer, i) => threads.analyze({ answer, id: String(i) }));
      expect(threads.ready!()).toBe(false);
      expect(threads.pending!()).toBe(24);
      const docs = await Promise.all(pending);
      docs.forEach((doc, i) => expect(JSON.stringify(doc)).toBe(plain(batch[i], i)));
      expect(threads.pending!()).toBe(0);
      expect(threads.ready!()).toBe(true);
    } finally {
      await threads.close();
    }
  }, 90_000);

  it('rejects what still waits when it is closed', async () => {
    const threads = workerAnalyzer(1);
    const waiting = Array.from({ length: 5 }, (_, i) => threads.analyze({ answer: answers[i % answers.length], id: String(i) }));
    const settling = Promise.allSettled(waiting);
    await threads.close();
    const settled = await settling;
    expect(settled.filter((r) => r.status === 'rejected').length).toBe(5);
  }, 60_000);
});

describe('workerAnalyzer, a thread that fails', () => {
  /** A thread that says it is ready, then throws outside any answer's analysis when it gets its first job. */
  const failing = () =>
    new Worker("const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ ready: true }); parentPort.on('message', () => { throw new Error('thread broke'); });", { eval: true });

  it('fails the answers it held, then every answer at once (none waits for it), and the pool is no longer ready', async () => {
    const threads = workerAnalyzer(1, {}, failing);
    try {
      const deadline = Date.now() + 30_000;
      while (!threads.ready!() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(threads.ready!()).toBe(true);
      await expect(threads.analyze({ answer: 'one' })).rejects.toThrow('thread broke');
      expect(threads.ready!()).toBe(false);
      await expect(threads.analyze({ answer: 'two' })).rejects.toThrow('thread broke');
      expect(threads.pending!()).toBe(0);
    } finally {
      await threads.close();
    }
  }, 60_000);

  it('sends answers to the threads that still work', async () => {
    const echo = () =>
      new Worker("const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ ready: true }); parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, doc: { id: 'done' } }));", { eval: true });
    let n = 0;
    const threads = workerAnalyzer(2, {}, () => (n++ === 0 ? failing() : echo()));
    try {
      // The first answer goes to the first thread, which fails; the next ones go to the second.
      await expect(threads.analyze({ answer: 'one' })).rejects.toThrow('thread broke');
      const docs = await Promise.all([threads.analyze({ answer: 'two' }), threads.analyze({ answer: 'three' })]);
      expect(docs.map((d) => d.id)).toEqual(['done', 'done']);
    } finally {
      await threads.close();
    }
  }, 60_000);
});
