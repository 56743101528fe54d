// Writes eld's small n-gram model as JSON beside the built code (dist/eld-small.json), with eld's version: the
// language detector then parses it instead of evaluating eld's 1.6 MB module of the same data, which costs most of
// a second of every `mouthpiece analyze` that meets a line in another language. Run by `npm run build`.
//   Usage: node tools/eld-data.mjs [out.json]   (default dist/eld-small.json)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(import.meta.resolve('eld/small'));
const { version } = JSON.parse(readFileSync(join(dirname(entry), '../../package.json'), 'utf8'));
const { ngramsData } = await import(new URL('../ngrams/small.js', import.meta.resolve('eld/small')).href);
const out = process.argv[2] ?? fileURLToPath(new URL('../dist/eld-small.json', import.meta.url));
writeFileSync(out, JSON.stringify({ version, data: ngramsData }));
