// The parsed-YAML cache: same data as parsing, keyed by the text, robust to a damaged cache, and off on request.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseYamlCached } from '../../src/knowledge/yaml-cache.js';

describe('parseYamlCached', () => {
  let dir: string;
  const saved = process.env.MOUTHPIECE_CACHE_DIR;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mouthpiece-yaml-cache-'));
    process.env.MOUTHPIECE_CACHE_DIR = dir;
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.MOUTHPIECE_CACHE_DIR;
    else process.env.MOUTHPIECE_CACHE_DIR = saved;
  });

  const text = 'talkingPoints:\n  - id: a\n    weight: 1.5\n    phrasings: { en: ["x"], zh: ["中"] }\n    note: null\n';

  it('gives what the parser gives, first from the parser and then from the cache', () => {
    expect(parseYamlCached(text)).toEqual(parse(text));
    expect(readdirSync(dir)).toHaveLength(1);
    expect(parseYamlCached(text)).toEqual(parse(text));
    // An edited file is a new entry.
    parseYamlCached(text.replace('1.5', '2'));
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it('parses again when the cached copy is damaged', () => {
    parseYamlCached(text);
    writeFileSync(join(dir, readdirSync(dir)[0]), 'not a serialised value');
    expect(parseYamlCached(text)).toEqual(parse(text));
  });

  it('still throws the parser’s error for broken YAML', () => {
    expect(() => parseYamlCached('a: [1, 2')).toThrow();
  });

  it('writes nothing when turned off', () => {
    process.env.MOUTHPIECE_CACHE_DIR = 'off';
    expect(parseYamlCached(text)).toEqual(parse(text));
    expect(readdirSync(dir)).toHaveLength(0);
  });
});
