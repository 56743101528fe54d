// `mouthpiece report` writes an audit run as one self-contained HTML file; `mouthpiece ui` serves the local dashboard.
import type { Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { getRun, listRuns } from '../audit/results.js';
import { renderRunReportFromStore } from '../reporters/html.js';
import { isPostgresUrl, openSql } from '../storage/sql.js';
import { DB_OPTION, storeTarget } from './stores.js';
import { startDashboard } from '../web/server.js';
import { safeLine } from '../reporters/terminal-safe.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** The store a view reads: a postgres:// URL, or a SQLite file that must exist (a view never creates one). */
function existingDb(db?: string): string {
  const target = storeTarget(db);
  if (!isPostgresUrl(target) && !existsSync(target)) throw new Error(`no store at ${target} (give --db <file or postgres:// URL>, or set MOUTHPIECE_DB)`);
  return target;
}

export function registerWeb(program: Command): void {
  program
    .command('report <run>')
    .description('write an audit run as one self-contained HTML file (heatmaps, intervals, language gaps, echoed talking points)')
    .option(...DB_OPTION)
    .requiredOption('--out <file>', 'the HTML file to write')
    .option('--title <text>', 'title of the report')
    .option('--catalog <dir>', 'extra knowledge catalogue (repeatable)', collect, [])
    .action(async (runId: string, opts: { db?: string; out: string; title?: string; catalog: string[] }) => {
      const store = await openSql(existingDb(opts.db), [], { readonly: true });
      try {
        if (runId === 'latest') runId = (await listRuns(store))[0]?.id ?? runId;
        let known;
        try {
          known = await getRun(store, runId);
        } catch {
          throw new Error(`${store.where} holds no audit runs`);
        }
        if (!known) throw new Error(`no audit run "${runId}" in ${store.where} (mouthpiece runs lists them)`);
        const html = await renderRunReportFromStore(store, runId, { title: opts.title, catalogs: opts.catalog });
        mkdirSync(dirname(resolve(opts.out)), { recursive: true });
        writeFileSync(opts.out, html);
        console.log(`wrote ${safeLine(opts.out)} (${Math.round(Buffer.byteLength(html) / 1024)} KB)`);
      } finally {
        await store.close();
      }
    });

  program
    .command('ui')
    .description('serve the local dashboard over a store (127.0.0.1 unless --host is given)')
    .option(...DB_OPTION)
    .option('--port <n>', 'port to listen on (0 picks a free one)', '4173')
    .option('--host [address]', 'listen on another address (all interfaces when given without one)')
    .option('--catalog <dir>', 'extra knowledge catalogue (repeatable)', collect, [])
    .addHelpText('after', '\nRuns until stopped (Ctrl-C or SIGTERM: exit 0). Exit codes: 2 usage error, missing store or a port in use.')
    .action(async (opts: { db?: string; port: string; host?: string | boolean; catalog: string[] }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${opts.port}"`);
      const host = opts.host === true ? '0.0.0.0' : opts.host || '127.0.0.1';
      const dashboard = await startDashboard({ db: existingDb(opts.db), port, host, catalogs: opts.catalog });
      console.log(`mouthpiece dashboard on ${dashboard.url} (Ctrl-C to stop)`);
      if (host !== '127.0.0.1' && host !== 'localhost') console.warn('warning: listening beyond this machine; anyone who can reach it can read the store');
      const stop = () => void dashboard.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
