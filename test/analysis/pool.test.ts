// The analysis threads: ready only once they have compiled the knowledge, and JSONL lines that match the main
// thread's own, already safe for a terminal.
import { afterAll, describe, expect, it } from 'vitest';
import { helpedAnalyzer, workerAnalyzer } from '../../src/analysis/pool.js';
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
      expect(line.text).toBe(safeJson(toJsonLine(analyzeDocument(answerDocument({ answer, id: 'a' })))));
      expect(line.text).not.toMatch(/[\u202e\u0085]/);
    }
    expect(pool.pending!()).toBe(0);
  }, 90_000);
});

describe('helpedAnalyzer', () => {
  const answers = ['Beijing says the camps are vocational schools.', '新疆的稳定来之不易。', 'Reports show mass detention in Xinjiang.', 'I cannot help with that.'];
  const plain = (answer: string, i: number) => JSON.stringify(analyzeAnswer({ answer, id: String(i) }));

  it('analyses on this thread while its thread starts, then shares the answers with it; the same documents either way', async () => {
    plain(answers[0], 0); // this thread's knowledge compiled, as after a first answer
    const helped = helpedAnalyzer(1);
    try {
      const first = await helped.analyze({ answer: answers[0], id: '0' });
      // Answered before the thread could take it: this thread did it.
      expect(helped.ready!()).toBe(false);
      expect(JSON.stringify(first)).toBe(plain(answers[0], 0));
      const deadline = Date.now() + 60_000;
      while (!helped.ready!() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(helped.ready!()).toBe(true);
      // More answers at once than the thread takes: it takes some, this thread the rest, in one queue.
      const batch = Array.from({ length: 24 }, (_, i) => answers[i % answers.length]);
      const pending = batch.map((answer, i) => helped.analyze({ answer, id: String(i) }));
      expect(helped.pending!()).toBe(24);
      const docs = await Promise.all(pending);
      docs.forEach((doc, i) => expect(JSON.stringify(doc)).toBe(plain(batch[i], i)));
      expect(helped.pending!()).toBe(0);
    } finally {
      await helped.close();
    }
  }, 90_000);

  it('rejects what still waits when it is closed', async () => {
    const helped = helpedAnalyzer(1);
    const waiting = Array.from({ length: 5 }, (_, i) => helped.analyze({ answer: answers[i % answers.length], id: String(i) }));
    const settling = Promise.allSettled(waiting);
    await helped.close();
    const settled = await settling;
    expect(settled.filter((r) => r.status === 'rejected').length).toBeGreaterThan(0);
  }, 60_000);
});
