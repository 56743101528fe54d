// Hostile file systems and bytes: links that lead nowhere or in circles are reported and the rest is read; bad
// bytes are located exactly; a NUL byte anywhere marks a binary file; UTF-16 without a byte-order mark says so.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decode, firstInvalidUtf8, InputError } from '../../src/readers/input.js';
import { expandPaths, readDocuments } from '../../src/readers/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(paths: string[]) {
  const skipped: string[] = [];
  const files = expandPaths(paths, (m) => skipped.push(m));
  const docs: string[] = [];
  const errors: string[] = [];
  for (const f of files) for await (const r of readDocuments(f, { boilerplate: [] })) 'error' in r ? errors.push(r.error) : docs.push(r.doc.text);
  return { docs, errors, skipped };
}

describe('links and folders', () => {
  it('a dangling link, a link loop and a link back up the tree are reported; every real file is read', async () => {
    const root = join(dir, 'tree');
    mkdirSync(join(root, 'sub'), { recursive: true });
    writeFileSync(join(root, 'a.txt'), 'An article about the weather in Lhasa.');
    writeFileSync(join(root, 'sub', 'b.md'), '新疆今天天气很好。');
    symlinkSync(join(root, 'missing.txt'), join(root, 'dangling.txt'));
    symlinkSync(join(root, 'loop2.txt'), join(root, 'loop1.txt'));
    symlinkSync(join(root, 'loop1.txt'), join(root, 'loop2.txt'));
    symlinkSync(root, join(root, 'sub', 'up')); // a folder cycle
    const { docs, errors, skipped } = await readAll([root]);
    expect(docs.sort()).toEqual(['An article about the weather in Lhasa.', '新疆今天天气很好。']);
    expect(errors.find((e) => e.includes('dangling.txt'))).toMatch(/a symbolic link to .*missing\.txt, which does not exist/);
    expect(errors.filter((e) => /loop[12]\.txt: a loop of symbolic links/.test(e))).toHaveLength(2);
    expect(skipped).toEqual([`${join(root, 'sub', 'up')}: skipped, a folder already read (a link back into the tree)`]);
  });
});

describe('bytes', () => {
  const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  const cases: [string, Buffer, number][] = [
    ['a stray 0xFF after ASCII', bytes('abc', [0xff], 'def'), 3],
    ['a stray 0xFF after Chinese (two 3-byte characters)', bytes('新疆', [0xff]), 6],
    ['a continuation byte with no lead', bytes('ok ', [0x80], ' ok'), 3],
    ['a 3-byte sequence cut short at the end', bytes('abc', [0xe6, 0x96]), 3],
    ['a 3-byte sequence cut short in the middle', bytes('新', [0xe6, 0x96], 'x'), 3],
    ['an overlong form of "/"', bytes('a', [0xc0, 0xaf]), 1],
    ['an overlong 3-byte form', bytes('ab', [0xe0, 0x80, 0xaf]), 2],
    ['a UTF-16 surrogate encoded in UTF-8', bytes('xyz', [0xed, 0xa0, 0x80]), 3],
    ['above U+10FFFF', bytes('疆', [0xf4, 0x90, 0x80, 0x80]), 3],
    ['latin-1 é in a sentence', bytes('caf', [0xe9], ' au lait'), 3],
  ];
  for (const [name, buf, offset] of cases) {
    it(`first bad byte: ${name} → offset ${offset}`, () => {
      expect(firstInvalidUtf8(buf)).toBe(offset);
      expect(() => decode(buf, 'f.txt')).toThrow(`first bad byte at offset ${offset})`);
    });
  }

  it('valid UTF-8 has no bad byte, four-byte characters included', () => {
    expect(firstInvalidUtf8(Buffer.from('新疆 Xinjiang 😀 𠀀'))).toBe(-1);
  });

  it('a NUL byte is refused wherever it is, after the first 8 KiB too, with its offset', () => {
    const early = Buffer.concat([Buffer.from('abc'), Buffer.from([0]), Buffer.from('def')]);
    const late = Buffer.concat([Buffer.from('新'.repeat(5000)), Buffer.from([0]), Buffer.from('tail')]);
    expect(() => decode(early, 'early.txt')).toThrow('early.txt looks binary (a NUL byte at offset 3)');
    expect(() => decode(late, 'late.txt')).toThrow('late.txt looks binary (a NUL byte at offset 15000)');
  });

  it('UTF-16 without a byte-order mark is named as such, in English and in Chinese with ASCII spaces and digits', () => {
    const en = Buffer.from('What happened in Xinjiang in 2017?\n', 'utf16le');
    const zh = Buffer.from('新疆 2017 年发生了什么？\n再版 1 2 3\n', 'utf16le');
    const be = Buffer.from(en).swap16();
    for (const [buf, kind] of [[en, 'UTF-16LE'], [zh, 'UTF-16LE'], [be, 'UTF-16BE']] as const) {
      expect(() => decode(buf, 'u.txt')).toThrow(InputError);
      expect(() => decode(buf, 'u.txt')).toThrow(`u.txt looks like ${kind} text without a byte-order mark`);
    }
  });

  it('with a byte-order mark UTF-16 is still read', () => {
    expect(decode(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('新疆 ok', 'utf16le')]), 'bom.txt')).toBe('新疆 ok');
  });
});
