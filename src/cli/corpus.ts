import type { Command } from 'commander';

export function registerCorpus(_program: Command): void {}
