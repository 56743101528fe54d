// `npm run schemas`: writes the JSON Schemas of the knowledge files and of the analysis output to schemas/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { knowledgeJsonSchemas, SCHEMAS_DIR } from '../src/knowledge/export-schemas.js';
import { outputJsonSchemas } from '../src/reporters/schema.js';

mkdirSync(SCHEMAS_DIR, { recursive: true });
for (const [name, text] of Object.entries({ ...knowledgeJsonSchemas(), ...outputJsonSchemas() })) {
  writeFileSync(join(SCHEMAS_DIR, name), text);
  console.log(`wrote ${join(SCHEMAS_DIR, name)}`);
}
