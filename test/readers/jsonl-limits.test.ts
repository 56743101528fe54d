// One document is limited however it arrives: a JSONL line over --max-bytes is reported and skipped, the
// lines after it are read; and reading a long line costs time in proportion to its length.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDocuments } from '../../src/readers/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mouthpiece-jsonl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function readAll(path: string, maxBytes?: number) {
  const out: { docs: string[]; errors: string[] } = { docs: [], errors: [] };
  for await (const r of readDocuments(path, { maxBytes, boilerplate: [] })) {
    if ('error' in r) out.errors.push(r.error);
    else out.docs.push(r.doc.id);
  }
  return out;
}

const line = (id: string, chars: number) => JSON.stringify({ id, answer: 'The people of all ethnic groups live in peace. '.repeat(Math.ceil(chars / 47)).slice(0, chars) });

describe('JSONL lines and the size limit', () => {
  it('skips a line over the limit with its line number, and reads the lines after it', async () => {
    const file = join(dir, 'over.jsonl');
    writeFileSync(file, [line('a', 100), line('big', 300_000), line('c', 100), ''].join('\n'));
    const { docs, errors } = await readAll(file, 200_000);
    expect(docs).toEqual(['a', 'c']);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/over\.jsonl:2: line skipped: .*over the .* limit for one document/);
  });

  it('reads a last line without a newline, and lines ending in CRLF', async () => {
    const file = join(dir, 'crlf.jsonl');
    writeFileSync(file, `${line('a', 50)}\r\n\r\n${line('b', 50)}`);
    expect((await readAll(file)).docs).toEqual(['a', 'b']);
  });

  it('reads a long line in time proportional to its length (a ratio of two sizes in one run)', async () => {
    const cpu = async (chars: number) => {
      const file = join(dir, `long-${chars}.jsonl`);
      writeFileSync(file, `${line('long', chars)}\n`);
      const t = process.cpuUsage();
      await readAll(file, 64 * 1048576);
      const u = process.cpuUsage(t);
      return u.user + u.system;
    };
    await cpu(200_000); // warm-up
    const small = await cpu(1_000_000);
    const large = await cpu(24_000_000);
    // Linear reading gives about 24×; joining the line's chunks at every chunk gave several times more.
    expect(large / small).toBeLessThan(48);
  });
});
