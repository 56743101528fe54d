// The published shape of analysis output (`--format json|jsonl`, the library API), as a zod schema
// exported to schemas/document.schema.json. Tests validate real output against it.
import { z } from 'zod';
import { FINDING_KINDS, ROLES, VERDICTS, VOICES } from '../document.js';

const offset = z.number().int().min(0).describe('UTF-16 code-unit offset into `text` (as JavaScript string indexes)');
const speaker = z.object({ name: z.string(), role: z.enum(ROLES), id: z.string().optional() });
const statement = z.object({
  id: z.number(),
  date: z.string().nullable(),
  speaker: z.string().nullable(),
  url: z.string().nullable(),
  lang: z.string(),
  text: z.string(),
  score: z.number(),
});

export const findingSchema = z.object({
  kind: z.enum(FINDING_KINDS),
  start: offset,
  end: offset,
  text: z.string().describe('text.slice(start, end)'),
  voice: z.enum(VOICES).describe('own: the author asserts it; quoted: inside an attributed quotation; reported: "X said that…"'),
  part: z.enum(['title', 'meta', 'prompt', 'answer', 'reasoning', 'body', 'boilerplate']),
  message: z.string(),
  lang: z.string().optional(),
  speaker: speaker.optional(),
  stance: z.enum(['asserted', 'negated', 'distanced', 'satirical']).optional(),
  talkingPoint: z
    .object({ id: z.string(), state: z.string(), topic: z.string(), claim: z.string(), framing: z.string(), phrasing: z.string(), score: z.number() })
    .optional(),
  technique: z.string().optional().describe('SemEval-2023 Task 3 technique name'),
  evidence: z.object({ id: z.string(), title: z.string() }).optional(),
  provenance: z.object({ earliest: statement.optional(), mostSimilar: statement.optional(), repeats: z.number() }).optional(),
  weight: z.number().optional(),
});

export const documentSchema = z.object({
  schemaVersion: z.literal(1),
  id: z.string(),
  source: z.string(),
  format: z.string(),
  kind: z.enum(['answer', 'article']),
  verdict: z
    .enum(VERDICTS)
    .nullable()
    .describe(
      'answers only; null for articles, and for answers written in a language the official line is not analysed in (English and Chinese are): `reason` then names the language ("not judged"). A refusal in any language is still `refusal`.',
    ),
  reason: z.string().nullable().describe('one line saying why the verdict is what it is, or why there is none'),
  decidedBy: z.array(z.number().int()).describe('indexes into findings'),
  lang: z.string(),
  model: z.string().optional(),
  title: z.string().optional(),
  prompt: z.string().optional(),
  text: z.string().describe('the original input text (for JSON/JSONL items: the answer, then any separate reasoning after a blank line)'),
  parts: z.array(z.object({ kind: z.string(), start: offset, end: offset, turn: z.number().optional() })),
  segments: z.array(
    z.object({ start: offset, end: offset, text: z.string(), lang: z.string(), part: z.number(), paragraph: z.number(), voice: z.enum(VOICES), speaker: speaker.optional() }),
  ),
  quotes: z.array(
    z.object({ start: offset, end: offset, innerStart: offset, innerEnd: offset, open: z.string(), close: z.string().nullable(), term: z.boolean(), speaker: speaker.optional() }),
  ),
  findings: z.array(findingSchema),
  stats: z
    .object({
      ownEchoes: z.number(),
      quotedEchoes: z.number(),
      reportedEchoes: z.number(),
      echoesByRole: z.record(z.string(), z.number()),
      segmentsByVoice: z.record(z.string(), z.number()),
    })
    .nullable(),
  warnings: z.array(z.string()),
});

/** The JSON Schema text of the output document, keyed by file name. */
export function outputJsonSchemas(): Record<string, string> {
  const { $schema, ...rest } = z.toJSONSchema(documentSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  return { 'document.schema.json': `${JSON.stringify({ $schema, title: 'mouthpiece analysis output (one document)', ...rest }, null, 2)}\n` };
}
