import type { Command } from 'commander';

export function registerWeb(_program: Command): void {}
