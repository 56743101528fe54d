// A small RuleTester in the manner of ESLint's: each detector lists `valid` texts (nothing found) and
// `invalid` texts with the findings they must produce. Expected findings match by subset of fields.
import { describe, expect, it } from 'vitest';
import type { Document, Finding } from '../../src/document.js';
import { analyzeAnswer, analyzeDocument } from '../../src/analysis/pipeline.js';
import { newDocument } from '../../src/document.js';

export interface Case {
  name: string;
  text: string;
  prompt?: string;
  /** Articles get per-voice statistics; answers (the default) get verdicts. */
  kind?: 'answer' | 'article';
}

export interface ExpectedFinding {
  kind?: Finding['kind'];
  voice?: Finding['voice'];
  stance?: Finding['stance'];
  talkingPoint?: string;
  technique?: string;
  speaker?: string;
  role?: string;
  /** A piece of text the finding's span must contain. */
  covers?: string;
}

export function analyseCase(c: Case): Document {
  if (c.kind === 'article') return analyzeDocument(newDocument({ id: c.name, source: c.name, format: 'article-text', kind: 'article', text: c.text }));
  return analyzeAnswer({ id: c.name, prompt: c.prompt, answer: c.text });
}

function matches(f: Finding, e: ExpectedFinding): boolean {
  return (
    (e.kind === undefined || f.kind === e.kind) &&
    (e.voice === undefined || f.voice === e.voice) &&
    (e.stance === undefined || f.stance === e.stance) &&
    (e.talkingPoint === undefined || f.talkingPoint?.id === e.talkingPoint) &&
    (e.technique === undefined || f.technique === e.technique) &&
    (e.speaker === undefined || f.speaker?.name === e.speaker) &&
    (e.role === undefined || f.speaker?.role === e.role) &&
    (e.covers === undefined || f.text.includes(e.covers))
  );
}

const show = (fs: Finding[]) =>
  fs.map((f) => `${f.kind}/${f.voice}/${f.stance ?? ''}/${f.talkingPoint?.id ?? f.technique ?? ''}/${f.speaker?.name ?? ''}:${f.speaker?.role ?? ''} "${f.text.slice(0, 50)}"`).join('\n');

/**
 * `select` picks the findings the detector under test is responsible for. Valid cases must yield none
 * of them; invalid cases must yield every expected finding (more may be found).
 */
export function ruleTester(
  title: string,
  select: (doc: Document) => Finding[],
  cases: { valid: Case[]; invalid: (Case & { findings: ExpectedFinding[] })[] },
): void {
  describe(title, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, () => {
          const found = select(analyseCase(c));
          expect(found, show(found)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, () => {
          const found = select(analyseCase(c));
          for (const e of c.findings) {
            expect(found.some((f) => matches(f, e)), `expected ${JSON.stringify(e)}\nfound:\n${show(found)}`).toBe(true);
          }
        });
      }
    });
  });
}
