// One audit in a fresh process, as `mouthpiece audit` runs it: `npm run bench audit` starts this script once per
// real-sized audit, so every run pays what the command pays (the analysis threads start, compile the knowledge and
// warm up) and none inherits a warm thread from an earlier run. Runs the compiled code in dist/.
//   Usage: node bench/audit-once.mjs <suite.json> <base URL> <store.db> <model> <concurrency> off|<analysis threads>
// Prints one JSON line: { wallMs, cpuMs, results, failed } (CPU of this process, its analysis threads included).
import { startAudit } from '../dist/audit/runner.js';
import { openAuditStore } from '../dist/audit/store.js';

const [suite, baseUrl, db, model, concurrency, analysis] = process.argv.slice(2);
if (!/^(off|\d+)$/.test(analysis ?? '') || !/^\d+$/.test(concurrency ?? '')) {
  console.error('usage: node bench/audit-once.mjs <suite.json> <base URL> <store.db> <model> <concurrency> off|<analysis threads>');
  process.exit(2);
}
const hooks = analysis === 'off' ? { analyze: null } : { analysisThreads: Number(analysis) };
const store = await openAuditStore(db);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const report = await startAudit(store, { suite, baseUrl, models: [model], concurrency: Number(concurrency), retries: 2, timeoutMs: 10_000 }, hooks);
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
await store.close();
console.log(JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, results: report.results, failed: report.counts.failed }));
