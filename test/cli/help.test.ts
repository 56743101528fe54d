// Every command's --help ends with its exit codes, and commands with an output format name their formats.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const help = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args, '--help'], { cwd: ROOT, encoding: 'utf8' }).stdout;

/** The subcommands a help text lists under "Commands:". */
function commandsIn(text: string): string[] {
  const block = text.split(/\nCommands:\n/)[1] ?? '';
  return block
    .split('\n')
    .map((l) => /^ {2}(\S+)/.exec(l)?.[1])
    .filter((c): c is string => !!c && c !== 'help');
}

describe('--help', () => {
  it('of every command lists its exit codes, and its formats where it has --format', { timeout: 120_000 }, () => {
    const top = commandsIn(help([]));
    expect(top).toEqual(expect.arrayContaining(['init', 'analyze', 'audit', 'results', 'runs', 'export', 'import', 'compare', 'reanalyze', 'review']));
    const all: string[][] = [];
    for (const c of top) {
      const text = help([c]);
      all.push([c]);
      for (const sub of commandsIn(text)) all.push([c, sub]);
    }
    for (const path of all) {
      const text = help(path);
      expect(text, path.join(' ')).toMatch(/Exit codes:|Runs until stopped/);
      if (/--format <format>/.test(text)) expect(text, path.join(' ')).toMatch(/--format <format>\s+\S*.*(text|json|jsonl|csv)/);
    }
  });
});
