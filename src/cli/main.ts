#!/usr/bin/env node
// The `mouthpiece` command. Each area registers its own subcommands; the CLI depends on the core, never the reverse.
import type { EventEmitter } from 'node:events';
import { Command } from 'commander';
import { safeText } from '../reporters/terminal-safe.js';

const program = new Command('mouthpiece')
  .description("Find where a text speaks a state's official line in its own voice, trace it to official statements, audit models.")
  .version('0.1.0')
  .showHelpAfterError()
  // Arguments echoed in commander's own errors are made terminal-safe like every other output.
  .configureOutput({ outputError: (text, write) => write(safeText(text)) });

type Register = (program: Command) => void;
/** Each area's subcommands, in the order help lists them; an area's module is loaded only when it is needed. */
const AREAS: [commands: string[], load: () => Promise<Register>][] = [
  [['init'], async () => (await import('./init.js')).registerInit],
  [['analyze'], async () => (await import('./analyze.js')).registerAnalyze],
  [['catalog'], async () => (await import('./catalog.js')).registerCatalog],
  [['corpus'], async () => (await import('./corpus.js')).registerCorpus],
  [['audit', 'results', 'mock-provider'], async () => (await import('./audit.js')).registerAudit],
  [['runs', 'export', 'import', 'compare', 'trend', 'reanalyze', 'delete'], async () => (await import('./runs.js')).registerRuns],
  [['report', 'ui'], async () => (await import('./web.js')).registerWeb],
  [['review'], async () => (await import('./review.js')).registerReview],
  [['worker', 'db'], async () => (await import('./fleet.js')).registerFleet],
];
// The command named first: only its area is loaded (start-up is part of every `analyze`); help, a version or an
// unknown word load them all, so commander can list every command or suggest one.
const named = process.argv.slice(2).find((a) => !a.startsWith('-'));
const area = AREAS.find(([commands]) => named !== undefined && commands.includes(named));
for (const [, load] of area ? [area] : AREAS) (await load())(program);

// Every command's help ends with its exit codes; commands with codes of their own say so where they are defined.
const withDefaultExitCodes = (command: Command): void => {
  for (const sub of command.commands) {
    if ((sub as unknown as EventEmitter).listenerCount('afterHelp') === 0) {
      sub.addHelpText('after', '\nExit codes: 0 done; 2 usage error or failure (the message on stderr says what to do).');
    }
    withDefaultExitCodes(sub);
  }
};
withDefaultExitCodes(program);

// A reader that stops early (\`mouthpiece analyze … | head\`) closes the pipe: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}

program
  .parseAsync(process.argv)
  // Stores opened by the command are closed when it ends (loaded only if the command used them).
  .then(async () => (await import('./stores.js')).closeStores())
  .catch((error: unknown) => {
    console.error(`mouthpiece: ${safeText(error instanceof Error ? error.message : String(error))}`);
    process.exit(2);
  });
