// The keyword baseline `npm run bench analyzer` measures the analyzer against: a bare script that reads a
// JSONL batch, parses each line and runs one case-insensitive regex of 30 phrases of the official line over
// its answer — what a plain keyword filter costs. Prints the number of lines and of lines with a hit.
//   Usage: node bench/keyword-baseline.mjs answers.jsonl
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const PHRASES = [
  'anti-China forces', 'so-called', 'internal affairs', 'vocational skills education', 'training centers',
  'live and work in peace and contentment', 'people of all ethnic groups', 'smear', 'fabricated', 'groundless',
  'lies', 'disinformation', 'counter-terrorism', 'de-radicalization', 'social stability', 'ethnic unity',
  'inalienable part', 'one-China principle', 'peaceful reunification', 'separatist', 'political turmoil',
  'rule of law', 'national security', 'sovereignty', 'interference', 'double standards', 'official sources',
  'socialism with Chinese characteristics', 'under the leadership', 'win-win cooperation',
];
const re = new RegExp(PHRASES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i');

let lines = 0;
let hits = 0;
const rl = createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  const row = JSON.parse(line);
  lines++;
  if (re.test(String(row.answer ?? ''))) hits++;
}
console.log(`${lines} lines, ${hits} with a keyword`);
