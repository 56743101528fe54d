import type { Command } from 'commander';

export function registerCatalog(_program: Command): void {}
