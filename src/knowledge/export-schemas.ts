// One JSON Schema per knowledge file kind (schemas/<kind>.schema.json), so editors can validate
// catalogue YAML and people outside TypeScript can read the format. `npm run schemas` writes them.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { FILE_SCHEMAS } from './schema.js';

export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas', import.meta.url));

const TITLES: Record<keyof typeof FILE_SCHEMAS, string> = {
  talkingPoints: 'mouthpiece talking points',
  evidence: 'mouthpiece evidence',
  speakers: 'mouthpiece speakers (gazetteer)',
  glossary: 'mouthpiece glossary',
  lexicon: 'mouthpiece lexicon',
  roles: 'mouthpiece role cues',
};

/** The JSON Schema text of every file kind, keyed by file name (`talkingPoints.schema.json`…). */
export function knowledgeJsonSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [kind, schema] of Object.entries(FILE_SCHEMAS) as [keyof typeof FILE_SCHEMAS, z.ZodType][]) {
    // `input` describes what a person writes: fields with defaults may be left out.
    const json = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
    const { $schema, ...rest } = json;
    out[`${kind}.schema.json`] = `${JSON.stringify({ $schema, title: TITLES[kind], ...rest }, null, 2)}\n`;
  }
  return out;
}
