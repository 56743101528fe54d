// `npm run schemas`: writes the JSON Schemas of the knowledge files, the analysis output and mouthpiece.yaml to schemas/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { knowledgeJsonSchemas, SCHEMAS_DIR } from '../src/knowledge/export-schemas.js';
import { outputJsonSchemas } from '../src/reporters/schema.js';
import { configJsonSchema } from '../src/audit/config.js';

mkdirSync(SCHEMAS_DIR, { recursive: true });
for (const [name, text] of Object.entries({ ...knowledgeJsonSchemas(), ...outputJsonSchemas(), ...configJsonSchema() })) {
  writeFileSync(join(SCHEMAS_DIR, name), text);
  console.log(`wrote ${join(SCHEMAS_DIR, name)}`);
}
