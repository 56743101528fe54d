// What several benchmarks share: the mock provider in a process of its own, and the real answers as one batch file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SPEECHMAP = join(ROOT, '../shared/datasets/speechmap-controls');

/** The mock provider in its own process, so the figures are the client's alone; `cli` is how to run the CLI, `extra` more flags. */
export async function startMock(latencyMs: number, cli: string[] = [join(ROOT, 'bin/mouthpiece.js')], extra: string[] = []): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [...cli, 'mock-provider', '--port', '0', '--latency', String(latencyMs), ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`mock provider exited (${code})`)));
  });
  return { url, child };
}

/** The real SpeechMap control answers written as one JSONL file at `file`: its lines, or null without ../shared. */
export function writeSpeechMapBatch(file: string): string[] | null {
  if (!existsSync(SPEECHMAP)) return null;
  const lines = readdirSync(SPEECHMAP).filter((f) => f.endsWith('.jsonl')).sort().flatMap((f) => readFileSync(join(SPEECHMAP, f), 'utf8').split('\n').filter((l) => l.trim()));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return lines;
}

let built = false;

/** Rebuilds dist/, the installed command's code, once per bench run (benches that run the command or its modules). */
export function buildOnce(): void {
  if (built) return;
  spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: 'inherit' });
  built = true;
}

/**
 * A module as the installed command runs it: compiled in dist/ (rebuilt once first). `path` is its place under src/.
 * Worker threads started from src/ under tsx would each register the TypeScript loader and compile every module again.
 */
export async function shipped<T>(path: string): Promise<T> {
  buildOnce();
  return (await import(pathToFileURL(join(ROOT, 'dist', path.replace(/\.ts$/, '.js'))).href)) as T;
}
