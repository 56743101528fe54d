// Step 4: persuasion techniques (SemEval-2023 Task 3 names), each tagged with the voice of its span:
// Hua Chunying's whataboutism inside her quotation is hers, not the article's.
import type { Finding } from '../document.js';
import { findInSegments, type Context } from './context.js';
import { voiceAt } from './voice.js';

export function techniqueStep(ctx: Context): void {
  const { doc } = ctx;
  for (const t of ctx.techniques) {
    {
      for (const { seg, ...hit } of findInSegments(ctx, t)) {
        const { voice, speaker } = voiceAt(ctx, seg, hit.start, hit.end);
        const finding: Finding = {
          kind: 'technique',
          start: hit.start,
          end: hit.end,
          text: doc.text.slice(hit.start, hit.end),
          voice,
          part: doc.parts[seg.part].kind,
          lang: seg.lang,
          technique: t.entry.id,
          message: `${t.entry.label} (${voice === 'own' ? 'own voice' : `${voice}, ${speaker?.name ?? 'unnamed source'}`})`,
        };
        if (speaker && voice !== 'own') finding.speaker = speaker;
        doc.findings.push(finding);
      }
    }
  }
}
