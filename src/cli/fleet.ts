// `mouthpiece worker` carries out the jobs of distributed runs; `mouthpiece db migrate` prepares a store;
// `mouthpiece db copy` moves a run between stores (SQLite ⇄ PostgreSQL).
import type { Command } from 'commander';
import { finishCompleteRuns, openQueue, runWorker } from '../audit/fleet.js';
import { copyRun } from '../audit/copy.js';
import { safeLine, safeText } from '../reporters/terminal-safe.js';
import { DB_OPTION, auditStore, existingAuditStore, fail, wholeNumber } from './stores.js';

export function registerFleet(program: Command): void {
  program
    .command('worker')
    .description('carry out the jobs of distributed runs (audits and batch analyses) from a PostgreSQL store; run one on as many machines as you like')
    .option(...DB_OPTION)
    .option('--concurrency <n>', 'jobs worked on at once (each sends its requests one after another)', wholeNumber('--concurrency'), 8)
    .option('--poll <ms>', 'how often an idle worker asks for work', wholeNumber('--poll'), 500)
    .option('--maintenance <seconds>', 'how often expired leases are looked for (a dead worker\'s jobs come back after their lease and this)', wholeNumber('--maintenance'), 60)
    .option('--quiet', 'print only errors')
    .addHelpText('after', '\nRuns until stopped. SIGTERM or Ctrl-C: takes no new job, finishes the ones in hand (a request cut short goes back to the queue) and exits 0.\nExit codes: 0 stopped; 2 usage error, not a PostgreSQL store, or the store unreachable.')
    .action(async (flags: { db?: string; concurrency: number; poll: number; maintenance: number; quiet?: boolean }) => {
      const store = await auditStore(flags.db);
      if (store.engine !== 'postgres') fail('a worker needs a PostgreSQL store (--db postgres://… or MOUTHPIECE_DB): that is where distributed runs and their queue live');
      const stop = new AbortController();
      const onSignal = () => {
        if (!flags.quiet) process.stderr.write('worker: stopping after the jobs in hand\n');
        stop.abort();
      };
      process.once('SIGTERM', onSignal);
      process.once('SIGINT', onSignal);
      if (!flags.quiet) process.stderr.write(`worker ${process.pid}: taking jobs from ${safeLine(store.where)} (${flags.concurrency} at once)\n`);
      const totals = await runWorker(store, {
        concurrency: flags.concurrency,
        signal: stop.signal,
        pollMs: flags.poll,
        maintenanceSeconds: flags.maintenance,
        onEvent: (e) => {
          if (e.kind === 'error') process.stderr.write(`worker: ${safeText(e.message)}\n`);
          else if (!flags.quiet && e.kind === 'done') process.stderr.write(`worker: run ${safeLine(e.run)} is complete\n`);
        },
      });
      if (!flags.quiet) process.stderr.write(`worker ${process.pid}: stopped after ${totals.jobs} jobs, ${totals.requests} results stored\n`);
    });

  const db = program.command('db').description('store maintenance: migrations, and moving runs between stores');
  db.command('migrate')
    .description('create or update the tables of a store (SQLite file or PostgreSQL), and the work queue\'s on PostgreSQL')
    .option(...DB_OPTION)
    .action(async (flags: { db?: string }) => {
      const store = await auditStore(flags.db);
      if (store.engine === 'postgres') {
        const boss = await openQueue(store.postgresUrl!);
        await boss.stop({ graceful: false, wait: true });
        await finishCompleteRuns(store);
      }
      const applied = await store.all<{ id: string }>('SELECT id FROM migrations ORDER BY id');
      console.log(safeLine(`${store.where}: ${applied.length} migrations applied (${applied.map((m) => m.id).join(', ')})`));
    });
  db.command('copy <run>')
    .description('copy a run with its requests, answers, calls and reviews from one store to another (SQLite ⇄ PostgreSQL)')
    .requiredOption('--from <store>', 'SQLite file or postgres:// URL holding the run')
    .requiredOption('--to <store>', 'SQLite file or postgres:// URL to copy it into (created or migrated as needed)')
    .option('--as <id>', 'the run\'s id in the target store (default: the same)')
    .addHelpText('after', '\nExit codes: 0 copied; 2 usage error, unknown run, or the id already taken in the target.')
    .action(async (runId: string, flags: { from: string; to: string; as?: string }) => {
      const from = await existingAuditStore(flags.from);
      const to = await auditStore(flags.to);
      try {
        const n = await copyRun(from, to, runId, flags.as ?? runId);
        console.log(safeLine(`copied run ${runId} as ${flags.as ?? runId}: ${n.requests} requests, ${n.results} results, ${n.calls} calls, ${n.reviews} reviews`));
      } catch (e) {
        fail((e as Error).message);
      }
    });
}
