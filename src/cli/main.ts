#!/usr/bin/env node
// The `mouthpiece` command. Each area registers its own subcommands; the CLI depends on the core, never the reverse.
import type { EventEmitter } from 'node:events';
import { Command } from 'commander';
import { registerAnalyze } from './analyze.js';
import { registerCatalog } from './catalog.js';
import { registerCorpus } from './corpus.js';
import { registerAudit } from './audit.js';
import { registerWeb } from './web.js';
import { registerRuns } from './runs.js';
import { registerReview } from './review.js';
import { registerInit } from './init.js';
import { registerFleet } from './fleet.js';
import { safeText } from '../reporters/terminal-safe.js';
import { closeStores } from './stores.js';

const program = new Command('mouthpiece')
  .description("Find where a text speaks a state's official line in its own voice, trace it to official statements, audit models.")
  .version('0.1.0')
  .showHelpAfterError()
  // Arguments echoed in commander's own errors are made terminal-safe like every other output.
  .configureOutput({ outputError: (text, write) => write(safeText(text)) });

registerInit(program);
registerAnalyze(program);
registerCatalog(program);
registerCorpus(program);
registerAudit(program);
registerRuns(program);
registerWeb(program);
registerReview(program);
registerFleet(program);

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
  .then(closeStores)
  .catch((error: unknown) => {
    console.error(`mouthpiece: ${safeText(error instanceof Error ? error.message : String(error))}`);
    process.exit(2);
  });
