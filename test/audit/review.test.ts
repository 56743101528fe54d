// Review mode: labels stored with who and when, agreement measured, rates corrected, labels exported.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { addReview, exportReviews, reviewStats } from '../../src/audit/review.js';
import { listAnswers } from '../../src/audit/results.js';
import { openAuditStore } from '../../src/audit/store.js';
import { makeMockRun, tempDir } from '../web/fixtures.js';
import { extraLabelledSets, loadR1Moderation } from '../../eval/devset.js';
import { evaluateRealSet } from '../../eval/analyzer.eval.js';

const BIN = fileURLToPath(new URL('../../bin/mouthpiece.js', import.meta.url));
let dbPath: string;
let runId: string;
const dir = tempDir();

beforeAll(async () => {
  ({ dbPath, runId } = await makeMockRun(dir, 'review-run'));
}, 120_000);

describe('review labels', () => {
  it('measure agreement, κ with an interval, precision/recall and corrected rates; a later label replaces an earlier one', async () => {
    const store = await openAuditStore(dbPath);
    const echo = (await listAnswers(store, runId, { model: 'mock-echo', limit: 3 })).rows;
    const refuse = (await listAnswers(store, runId, { model: 'mock-refuse', limit: 2 })).rows;
    expect((await reviewStats(store, runId)).reviewed).toBe(0);
    // Five answers: the reviewers agree with the analyzer on all but one echo, which they call informative.
    for (const a of [...echo, ...refuse]) await addReview(store, { run: runId, result: a.id, reviewer: 'ana', verdict: a.outcome as 'state_echo', at: '2026-01-01T00:00:00Z' });
    const all = await reviewStats(store, runId);
    expect(all.reviewed).toBe(5);
    expect(all.kappa!.value).toBe(1);
    await addReview(store, { run: runId, result: echo[0].id, reviewer: 'bo', verdict: 'informative', at: '2026-01-02T00:00:00Z' });
    const s = await reviewStats(store, runId);
    expect(s.reviewed).toBe(5);
    expect(s.agreement.k).toBe(4);
    // po = 0.8; pe = (3/5)(2/5) + (2/5)(2/5) = 0.4; κ = 0.4 / 0.6.
    expect(s.kappa!.value).toBeCloseTo(0.667, 3);
    expect(s.kappa!.low).toBeLessThan(s.kappa!.value);
    expect(s.kappa!.high).toBeGreaterThan(s.kappa!.value);
    expect(s.perVerdict.state_echo.precision).toMatchObject({ k: 2, n: 3 });
    expect(s.perVerdict.state_echo.recall).toMatchObject({ k: 2, n: 2 });
    expect(s.perVerdict.refusal.precision).toMatchObject({ k: 2, n: 2 });
    // A third of what the analyzer called echo moves to informative.
    expect(s.rates.state_echo.corrected).toBeCloseTo((s.rates.state_echo.analyzer * 2) / 3, 2);
    expect(s.rates.informative.corrected).toBeCloseTo(s.rates.informative.analyzer + s.rates.state_echo.analyzer / 3, 2);
    await expect(addReview(store, { run: runId, result: 999999, reviewer: 'ana', verdict: 'refusal' })).rejects.toThrow(/no answer/);
    await expect(addReview(store, { run: runId, result: echo[1].id, reviewer: 'ana', verdict: 'failed' as 'refusal' })).rejects.toThrow(/verdict must be/);

    const lines = (await exportReviews(store, runId)).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    await store.close();
    expect(lines).toHaveLength(5);
    const first = lines.find((l) => l.id === `${runId}/${echo[0].id}`)!;
    expect(first).toMatchObject({ provider_model: 'mock-echo', label: 'informative', answer: expect.any(String), prompt: expect.any(String) });
    expect((first.annotators as { reviewer: string }[]).map((a) => a.reviewer)).toEqual(['ana', 'bo']);
  });

  it('CLI: mark, stats and export', async () => {
    const run = (...args: string[]) => execFileSync(process.execPath, [BIN, ...args, '--db', dbPath], { encoding: 'utf8' });
    const store = await openAuditStore(dbPath, { readonly: true });
    const split = (await listAnswers(store, runId, { model: 'mock-split', lang: 'zh', limit: 1 })).rows[0];
    await store.close();
    expect(run('review', 'mark', runId, String(split.id), 'refusal', '--reviewer', 'cy')).toContain('refusal by cy');
    const stats = JSON.parse(run('review', 'stats', runId, '--format', 'json')) as { reviewed: number };
    expect(stats.reviewed).toBe(6);
    expect(run('review', 'stats', runId)).toMatch(/Cohen's κ 0\.\d\d \[/);
    const out = join(dir, 'labels.jsonl');
    expect(run('review', 'export', runId, '--out', out)).toContain('6 labelled answers');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(6);

    // The export is a labelled real set the evaluation reads (MOUTHPIECE_EVAL_LABELS=labels.jsonl npm run eval analyzer).
    const labelled = loadR1Moderation(out)!;
    expect(labelled).toHaveLength(6);
    expect(new Set(labelled.map((it) => it.lang))).toEqual(new Set(['en', 'zh']));
    const scored = evaluateRealSet(labelled);
    expect(scored.n).toBe(6);
    expect(scored.crossValidated.overall.n).toBe(6);
    expect(scored.folds.length).toBe(new Set(labelled.map((it) => it.question_id)).size);
    expect(extraLabelledSets(` ${out} ,other.jsonl`)).toEqual([out, 'other.jsonl']);
  }, 60_000);
});
