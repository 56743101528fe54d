// `npm run demo`: the main job on built-in data, from the repository alone.
//   1. analyse the three seed documents (a chatbot answer and two news articles) and print the report;
//   2. audit four mock models on the built-in suite in English and Chinese, through the bundled
//      OpenAI-compatible mock provider over real HTTP, and print the results;
//   3. write both HTML reports to out/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeDocument, knowledgeFor } from '../src/analysis/pipeline.js';
import { compilePatterns } from '../src/analysis/context.js';
import { expandPaths, readDocuments } from '../src/readers/index.js';
import { renderTerminal } from '../src/reporters/terminal.js';
import { renderDocumentsReport, renderRunReportFromStore } from '../src/reporters/html.js';
import { startMockProvider } from '../src/audit/mock-provider.js';
import { startAudit } from '../src/audit/runner.js';
import { openAuditStore } from '../src/audit/store.js';
import { summarizeRun } from '../src/audit/results.js';
import { summaryText } from '../src/audit/report.js';
import type { Document } from '../src/document.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'out');
mkdirSync(out, { recursive: true });
const color = !!process.stdout.isTTY && !process.env.NO_COLOR;

console.log('== 1. Analysing the seed documents (examples/seeds) ==\n');
const boilerplate = (knowledgeFor().knowledge.lexicons.boilerplate ?? []).map(compilePatterns);
const docs: Document[] = [];
for (const path of expandPaths([join(root, 'examples/seeds')])) {
  for await (const r of readDocuments(path, { boilerplate })) {
    if ('error' in r) console.error(r.error);
    else docs.push(analyzeDocument(r.doc));
  }
}
for (const d of docs) console.log(`${renderTerminal({ ...d, source: d.source.replace(`${root}/`, '') }, { color })}\n`);
writeFileSync(join(out, 'seeds-report.html'), renderDocumentsReport(docs, { title: 'mouthpiece: the seed documents' }));

console.log('== 2. Auditing four mock models on the built-in suite (en + zh) ==\n');
const dbPath = join(out, 'demo.db');
for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
const provider = await startMockProvider({ latencyMs: 5 });
const store = await openAuditStore(dbPath);
try {
  const report = await startAudit(store, {
    suite: 'default',
    baseUrl: provider.url,
    models: ['mock-echo', 'mock-official', 'mock-split', 'mock-refuse'],
    langs: ['en', 'zh'],
    samples: 1,
    concurrency: 32,
    runId: 'demo',
  });
  console.log(summaryText(await summarizeRun(store, report.runId), { gaps: 5, points: 5 }));
  writeFileSync(join(out, 'audit-report.html'), await renderRunReportFromStore(store, report.runId));
} finally {
  await store.close();
  await provider.close();
}

console.log(`\n== 3. Reports ==\n  ${join(out, 'seeds-report.html')}\n  ${join(out, 'audit-report.html')}`);
console.log(`  store: ${dbPath} — browse it with: npx mouthpiece ui --db ${dbPath}`);
