// Reading files safely: refuses binary, empty, oversized and wrongly-encoded input with a message that
// says what to do, and decodes UTF-8 (with or without BOM) and BOM-marked UTF-16.
import { isUtf8 } from 'node:buffer';
import { readFileSync, statSync } from 'node:fs';

export class InputError extends Error {}

/** Single documents above this size are refused (JSONL batches are streamed and have no limit). */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export function readTextFile(path: string, maxBytes = DEFAULT_MAX_BYTES): string {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(`${path} is a folder; pass the files in it (or the folder to mouthpiece analyze, which expands it)`);
    size = st.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (size === 0) throw new InputError(`${path} is empty: nothing to analyse`);
  if (size > maxBytes) {
    throw new InputError(
      `${path} is ${(size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit for one document: split it, put one answer per line in a JSONL batch (streamed, no limit), or raise --max-bytes`,
    );
  }
  return decode(readFileSync(path), path);
}

export function decode(buf: Buffer, name: string): string {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    return new TextDecoder(buf[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(buf);
  }
  const sample = buf.subarray(0, 8192);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b >= 32 || (b >= 9 && b <= 13)) continue;
    if (b === 0) throw new InputError(`${name} looks binary (it contains NUL bytes): mouthpiece reads text, markdown, HTML, JSON and JSONL`);
    control++;
  }
  if (control > sample.length * 0.05) throw new InputError(`${name} looks binary (${control} control bytes in its first ${sample.length}): mouthpiece reads text, markdown, HTML, JSON and JSONL`);
  if (!isUtf8(buf)) {
    const bad = firstInvalidUtf8(buf);
    throw new InputError(`${name} is not valid UTF-8 (first bad byte at offset ${bad}): convert it first, e.g. iconv -f GB18030 -t UTF-8 (Chinese) or iconv -f WINDOWS-1252 -t UTF-8`);
  }
  // A UTF-8 byte order mark is not part of the text.
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  return buf.toString('utf8', bom ? 3 : 0);
}

function firstInvalidUtf8(buf: Buffer): number {
  const dec = new TextDecoder('utf-8', { fatal: true });
  let lo = 0;
  let hi = buf.length;
  // Binary search on prefixes; a prefix cut mid-character fails too, so step back a few bytes.
  while (hi - lo > 4) {
    const mid = (lo + hi) >> 1;
    try {
      dec.decode(buf.subarray(0, mid));
      lo = mid;
    } catch {
      hi = mid;
    }
  }
  return lo;
}
