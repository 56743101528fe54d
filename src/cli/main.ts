#!/usr/bin/env node
// The `mouthpiece` command. Each area registers its own subcommands; the CLI depends on the core, never the reverse.
import { Command } from 'commander';
import { registerAnalyze } from './analyze.js';
import { registerCatalog } from './catalog.js';
import { registerCorpus } from './corpus.js';
import { registerAudit } from './audit.js';
import { registerWeb } from './web.js';

const program = new Command('mouthpiece')
  .description("Find where a text speaks a state's official line in its own voice, trace it to official statements, audit models.")
  .version('0.1.0')
  .showHelpAfterError();

registerAnalyze(program);
registerCatalog(program);
registerCorpus(program);
registerAudit(program);
registerWeb(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`mouthpiece: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
