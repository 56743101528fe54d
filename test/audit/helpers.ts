// Shared by the audit tests: fixture paths, the suite and scripts to use, and a CLI runner.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = join(ROOT, 'test/audit/fixtures');
export const FIXTURE_SUITE = join(FIXTURES, 'suites/mini.yaml');
export const FIXTURE_SCRIPTS = join(FIXTURES, 'mock-scripts');
export const DEFAULT_SUITE = join(ROOT, 'knowledge/suites/default.yaml');
export const BUILTIN_SCRIPTS = join(ROOT, 'mock-scripts');

/** The built-in default suite once it exists, else the small fixture. */
export const SUITE = existsSync(DEFAULT_SUITE) ? DEFAULT_SUITE : FIXTURE_SUITE;
/** The built-in scripts when they cover the models the tests use, else the fixtures. */
export const SCRIPTS = ['mock-echo', 'mock-refuse', 'mock-filtered'].every((m) => existsSync(join(BUILTIN_SCRIPTS, `${m}.yaml`))) ? BUILTIN_SCRIPTS : FIXTURE_SCRIPTS;

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'mouthpiece-audit-'));
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Spawns `npx tsx src/cli/main.ts …` in its own process group, so the whole group can be killed. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn('npx', ['tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, FORCE_COLOR: '0' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return collected(child);
}

/** A spawned process with its standard output and error gathered, and what it ended with once it closes. */
export function collected(child: ChildProcess): { child: ChildProcess; done: Promise<CliResult> } {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<CliResult>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return spawnCli(args, env).done;
}

/** SIGKILL to the whole process group: npx, tsx and the node process running the audit. */
export function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

export function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? '';
}
