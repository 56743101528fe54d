// Where Debian's PostgreSQL server binaries are (the newest version), or $MOUTHPIECE_PG_BIN.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function pgBinDir(): string | null {
  const override = process.env.MOUTHPIECE_PG_BIN;
  if (override) return existsSync(join(override, 'initdb')) ? override : null;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : null;
}

