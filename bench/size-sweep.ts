// Size sweep for `npm run bench analyzer`: one document of 10 KB, 100 KB, 1 MB and 10 MB (dev-set answers joined,
// English and Chinese alternating), analysed as an answer and as an article. Analysis time must be linear in size:
// the time per byte should stay within 1.5× across the sweep.
import { readFileSync } from 'node:fs';
import { analyzeDocument } from '../src/analysis/pipeline.js';
import { newDocument } from '../src/document.js';
import { answerDocument } from '../src/readers/answer.js';

const SIZES = [10_000, 100_000, 1_000_000, 10_000_000];

/** About `bytes` UTF-8 bytes of real-looking answer text, cut at a paragraph end. */
function textOf(rows: string[], bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const p = rows[i % rows.length];
    parts.push(p);
    size += Buffer.byteLength(p) + 2;
  }
  return parts.join('\n\n');
}

export function sizeSweep(devset: URL): void {
  const rows = readFileSync(devset, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { answer: string }).answer);
  const docOf = (kind: 'answer' | 'article', text: string) =>
    kind === 'article' ? newDocument({ id: 'sweep', source: 'sweep', format: 'text', kind: 'article', text }) : answerDocument({ prompt: 'What is happening there?', answer: text });
  const texts = SIZES.map((n) => textOf(rows, n));
  console.log('size sweep, one document (time per byte; linear analysis keeps it within 1.5× across the sweep):');
  for (const kind of ['answer', 'article'] as const) {
    for (let i = 0; i < 30; i++) analyzeDocument(docOf(kind, texts[0])); // warm-up: compiled code, filled caches
    // Three rounds over the sizes, the best round per size: other work on a shared machine only ever adds time.
    const perByte = texts.map(() => Infinity);
    for (let round = 0; round < 3; round++) {
      texts.forEach((text, i) => {
        const bytes = Buffer.byteLength(text);
        const reps = Math.max(1, Math.round(1_000_000 / bytes));
        const docs = Array.from({ length: reps }, () => docOf(kind, text));
        const t = performance.now();
        for (const doc of docs) analyzeDocument(doc);
        perByte[i] = Math.min(perByte[i], ((performance.now() - t) / reps / bytes) * 1e6);
      });
    }
    const spread = Math.max(...perByte) / Math.min(...perByte);
    const cells = SIZES.map((n, i) => `${n >= 1e6 ? `${n / 1e6} MB` : `${n / 1e3} KB`} ${perByte[i].toFixed(0)} ns/B`);
    console.log(`  ${kind}: ${cells.join(', ')}; largest/smallest ${spread.toFixed(2)}× (target ≤ 1.5×)`);
  }
}
