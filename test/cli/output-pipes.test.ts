// Output to pipes: a reader that closes early (`| head`) ends the command quietly; a slow reader holds the
// analysis back instead of letting output pile up in memory.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-pipes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** About 1,200 answers in English and Chinese from the development set: some megabytes of JSONL output. */
function batch(): string {
  const rows = readFileSync(join(ROOT, 'eval/data/devset.jsonl'), 'utf8').trim().split('\n');
  const path = join(dir, 'batch.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < 1200; i++) {
    const r = JSON.parse(rows[i % rows.length]) as { prompt: string; answer: string };
    lines.push(JSON.stringify({ id: `a${i}`, prompt: r.prompt, answer: r.answer }));
  }
  writeFileSync(path, lines.join('\n'));
  return path;
}

/** One process (no wrapper), so that /proc/<pid> is the command itself. */
function start(args: string[]) {
  return spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
}

/** CPU time (user + system) a running process has used, in clock ticks. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('output pipes', () => {
  const file = batch();

  it('a reader that closes after the first line ends the command quietly, with status 0', async () => {
    const child = start(['analyze', file, '--format', 'jsonl', '--jobs', '1']);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let first = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        first += d.toString();
        if (first.includes('\n')) {
          child.stdout.destroy(); // the reader goes away, as `head -1` does
          resolve();
        }
      });
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(JSON.parse(first.split('\n')[0]).id).toBe('a0');
    expect(stderr).not.toMatch(/EPIPE|Unhandled|at .*\.js:\d+/);
    expect(code).toBe(0);
  }, 60_000);

  it('a reader that stops reading holds the analysis back until it reads again', async () => {
    if (process.platform !== 'linux') return; // reads /proc
    const child = start(['analyze', file, '--format', 'jsonl', '--jobs', '1']);
    child.stdout.pause(); // a slow reader: nothing is read for now
    // Wait until the command has stopped working: its CPU time no longer grows.
    let ticks = -1;
    for (let still = 0; still < 3; ) {
      await sleep(300);
      const now = cpuTicks(child.pid!);
      still = now === ticks ? still + 1 : 0;
      ticks = now;
    }
    const whilePaused = ticks;
    let bytes = 0;
    child.stdout.on('data', (d: Buffer) => (bytes += d.length));
    child.stdout.resume();
    let total = whilePaused;
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const poll = setInterval(() => {
      try {
        total = cpuTicks(child.pid!);
      } catch {
        /* exited */
      }
    }, 50);
    const code = await closed;
    clearInterval(poll);
    expect(code).toBe(0);
    expect(bytes).toBeGreaterThan(2_000_000);
    // Held back, the command had done only part of its work; without back-pressure it would have analysed the
    // whole batch into memory while the reader was paused, and had nothing left to do afterwards.
    // (While paused it had mostly started up; the analysis of 1,200 answers comes after.)
    expect(total - whilePaused).toBeGreaterThan(0.5 * whilePaused);
  }, 120_000);
});
