// Parsing the catalogue's YAML is most of the start-up time (about 0.6 s for the built-in files);
// reading a structured-clone copy of the same data takes a few milliseconds. Copies are keyed by a
// hash of the file's text, so an edited file is parsed afresh, and any failure falls back to parsing.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { parse as parseYaml } from 'yaml';

const YAML_VERSION = (createRequire(import.meta.url)('yaml/package.json') as { version: string }).version;

/** `MOUTHPIECE_CACHE_DIR` moves the cache; `off` turns it off. */
export function cacheDir(): string | null {
  const configured = process.env.MOUTHPIECE_CACHE_DIR;
  if (configured === 'off') return null;
  return configured || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mouthpiece');
}

/** YAML text → data, through the cache when there is one. Throws what the YAML parser throws. */
export function parseYamlCached(text: string): unknown {
  const dir = cacheDir();
  if (!dir) return parseYaml(text);
  // The serialisation format belongs to the V8 version and the data to the parser's: both are in the key.
  const key = createHash('sha256').update(`${process.versions.v8}\0${YAML_VERSION}\0`).update(text).digest('hex').slice(0, 32);
  const file = join(dir, `yaml-${key}.bin`);
  try {
    return deserialize(readFileSync(file));
  } catch {
    // not cached yet, or unreadable: parse below
  }
  const data = parseYaml(text);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, serialize(data), { mode: 0o600 });
    renameSync(tmp, file); // atomic: concurrent runs never read half a file
  } catch {
    rmSync(tmp, { force: true }); // a read-only or full disk only costs speed
  }
  return data;
}
