// The analysis threads: ready only once they have compiled the knowledge, and JSONL lines that match the main
// thread's own, already safe for a terminal.
import { afterAll, describe, expect, it } from 'vitest';
import { workerAnalyzer } from '../../src/analysis/pool.js';
import { analyzeDocument } from '../../src/analysis/pipeline.js';
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
