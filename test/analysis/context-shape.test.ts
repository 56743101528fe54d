// Every document's context, and every hit findInSegments returns, has one hidden class (see newContext): V8 itself
// is asked, in a child process allowed to (--allow-natives-syntax). Spread from the knowledge and then extended, a
// context got a hidden class of its own for each document, and those filled the old generation.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const src = (path: string) => JSON.stringify(pathToFileURL(join(ROOT, 'src', path)).href);

const SCRIPT = `
const { prepareDocument } = await import(${src('analysis/pipeline.ts')});
const { findInSegments } = await import(${src('analysis/context.ts')});
const { answerDocument } = await import(${src('readers/answer.ts')});
const docs = [
  'Contrary to the claims, the camps are not schools. Evidence shows mass detention.',
  '与官方说法相反，那些不是学校。证据表明存在大规模拘留。',
  'The weather was mild. Critics say the market opened late; reports show it did.',
];
// Twenty rounds: V8 starts giving a spread object maps of its own only once the spread has run a few times. A
// context is compared with the one three before it, made from the same text (the same optional fields, in the same order).
const contexts = Array.from({ length: 60 }, (_, i) => prepareDocument(answerDocument({ answer: docs[i % 3], id: String(i) })));
const hits = contexts.map((ctx) => findInSegments(ctx, ctx.signals.get('negation')));
console.log(JSON.stringify({
  contexts: contexts.slice(3).map((c, i) => %HaveSameMap(contexts[i], c)),
  hits: hits.flat().length,
  sameHits: hits.flat().slice(1).map((h) => %HaveSameMap(hits[0][0], h)),
}));
`;

describe('context shape', () => {
  it('keeps one hidden class for every document’s context and every segment hit', () => {
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', SCRIPT], { cwd: ROOT, encoding: 'utf8' });
    const result = JSON.parse(out.trim().split('\n').pop()!) as { contexts: boolean[]; hits: number; sameHits: boolean[] };
    expect(result.contexts).toHaveLength(57);
    expect(result.contexts.every(Boolean)).toBe(true);
    expect(result.hits).toBeGreaterThanOrEqual(60);
    expect(result.sameHits.every(Boolean)).toBe(true);
  }, 60_000);
});
