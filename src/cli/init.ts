// `mouthpiece init [dir]`: writes the commented starter config an evaluation begins from.
import type { Command } from 'commander';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { STARTER_CONFIG } from '../audit/config.js';
import { safeLine } from '../reporters/terminal-safe.js';
import { fail } from './runs.js';

export function registerInit(program: Command): void {
  program
    .command('init')
    .description('Write a commented starter mouthpiece.yaml (providers, suite, languages, samples, CI gates)')
    .argument('[dir]', 'folder to write it in', '.')
    .option('--force', 'overwrite an existing mouthpiece.yaml')
    .addHelpText('after', '\nExit codes: 0 written; 2 the file exists (use --force) or the folder cannot be written.')
    .action((dir: string, flags: { force?: boolean }) => {
      const file = join(dir, 'mouthpiece.yaml');
      if (existsSync(file) && !flags.force) fail(`${file} exists; edit it, or overwrite it with --force`);
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(file, STARTER_CONFIG);
      } catch (e) {
        fail(`cannot write ${file}: ${(e as Error).message}`);
      }
      console.log(safeLine(`wrote ${file}`));
      console.log('next: mouthpiece mock-provider --port 8088   (in another terminal, to try it without a key)');
      console.log(safeLine(`      mouthpiece audit --config ${file} --dry-run`));
      console.log(safeLine(`      mouthpiece audit --config ${file}`));
    });
}
