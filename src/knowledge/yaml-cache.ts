// Parsing the catalogue's YAML is most of the start-up time (about 0.6 s for the built-in files);
// reading a structured-clone copy of the same data takes a few milliseconds. Copies are keyed by a
// hash of the file's text, so an edited file is parsed afresh, and any failure falls back to parsing.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { parse as parseYaml } from 'yaml';

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
  // The serialisation format belongs to the V8 version, so it is part of the key.
  const key = createHash('sha256').update(process.versions.v8).update('\0').update(text).digest('hex').slice(0, 32);
  const file = join(dir, `yaml-${key}.bin`);
  try {
    return deserialize(readFileSync(file));
  } catch {
    // not cached yet, or unreadable: parse below
  }
  const data = parseYaml(text);
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(tmp, serialize(data));
    renameSync(tmp, file); // atomic: concurrent runs never read half a file
  } catch {
    // a read-only or full disk only costs speed
  }
  return data;
}
