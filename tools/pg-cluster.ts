// A throwaway PostgreSQL cluster for tests and benchmarks, from Debian's server binaries (`apt-get install
// postgresql`): initdb into a temporary folder and a server on 127.0.0.1 at a free port, run as the `postgres`
// system user when this process is root (the server refuses root). Nothing is downloaded.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Where the server binaries are (the newest version installed), or $MOUTHPIECE_PG_BIN; null when there are none. */
export function pgBinDir(): string | null {
  const override = process.env.MOUTHPIECE_PG_BIN;
  if (override) return existsSync(join(override, 'initdb')) ? override : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : null;
}

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

export interface Cluster {
  /** Admin URL (user mp, database postgres). */
  url: string;
  stop(): void;
}

/** Starts a cluster; throws with the reason when it cannot. */
export async function startCluster(): Promise<Cluster> {
  const bin = pgBinDir();
  if (!bin) throw new Error(`no PostgreSQL server binaries (no initdb under ${process.env.MOUTHPIECE_PG_BIN ?? '/usr/lib/postgresql/*/bin'}): install Debian's postgresql package`);
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-pg-'));
  chmodSync(dir, 0o755);
  const run = (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    const r = spawnSync(file, argv, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${(r.stderr || r.stdout || String(r.error)).trim().slice(0, 500)}`);
  };
  try {
    if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })), Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })));
    const data = join(dir, 'data');
    const port = await freePort();
    run('initdb', ['-D', data, '-A', 'trust', '-U', 'mp', '-E', 'UTF8', '--locale=C.UTF-8']);
    // Durability is not what a throwaway cluster is for: fsync off keeps it fast on a busy disk.
    run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`, 'start']);
    return {
      url: `postgres://mp@127.0.0.1:${port}/postgres`,
      stop: () => {
        try {
          run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
        } catch {
          // already gone
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** A new, empty database on a server; its URL. */
export async function createDatabase(adminUrl: string, prefix = 'mp'): Promise<string> {
  const { default: pg } = await import('pg');
  const { randomBytes } = await import('node:crypto');
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
