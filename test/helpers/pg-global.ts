// Vitest global setup: one throwaway PostgreSQL cluster for the whole test run, from Debian's server binaries
// (`apt-get install postgresql`), started as the `postgres` system user when the tests run as root (the server
// refuses root). Its URL reaches every test file as MOUTHPIECE_TEST_PG. A URL given in MOUTHPIECE_TEST_PG is used
// as it is. When no server can be started, MOUTHPIECE_TEST_PG_SKIP says why, and the tests that need one skip
// with that reason.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { pgBinDir as binDir } from './pg-bin.js';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

let stop: (() => void) | null = null;

export async function setup(): Promise<void> {
  if (process.env.MOUTHPIECE_TEST_PG) return;
  const bin = binDir();
  if (!bin) {
    process.env.MOUTHPIECE_TEST_PG_SKIP = `no PostgreSQL server binaries (no initdb under ${process.env.MOUTHPIECE_PG_BIN ?? '/usr/lib/postgresql/*/bin'}): install Debian's postgresql package, or set MOUTHPIECE_TEST_PG to a server's URL`;
    return;
  }
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-pg-'));
  chmodSync(dir, 0o755);
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${(r.stderr || r.stdout || String(r.error)).trim().slice(0, 500)}`);
  };
  try {
    if (asRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    const data = join(dir, 'data');
    const port = await freePort();
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'mp', '-E', 'UTF8', '--locale=C.UTF-8']);
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`, 'start']);
    process.env.MOUTHPIECE_TEST_PG = `postgres://mp@127.0.0.1:${port}/postgres`;
    stop = () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        // already gone
      }
      rmSync(dir, { recursive: true, force: true });
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    process.env.MOUTHPIECE_TEST_PG_SKIP = `a throwaway PostgreSQL could not be started: ${(e as Error).message}`;
  }
}

export async function teardown(): Promise<void> {
  stop?.();
  stop = null;
}
