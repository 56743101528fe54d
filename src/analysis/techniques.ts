// Step 4: persuasion techniques (SemEval-2023 Task 3 names), each tagged with the voice of its span:
// Hua Chunying's whataboutism inside her quotation is hers, not the article's.
import { findInSegments, type Context } from './context.js';
import { findingAt } from './voice.js';

export function techniqueStep(ctx: Context): void {
  for (const t of ctx.techniques) {
    for (const { seg, start, end } of findInSegments(ctx, t)) {
      const label = (voice: string, speaker?: { name: string }) => `${t.entry.label} (${voice === 'own' ? 'own voice' : `${voice}, ${speaker?.name ?? 'unnamed source'}`})`;
      ctx.doc.findings.push(findingAt(ctx, seg, start, end, { kind: 'technique', technique: t.entry.id }, label));
    }
  }
}
