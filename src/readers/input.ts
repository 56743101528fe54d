// Reading files safely: refuses binary, empty, oversized and wrongly-encoded input with a message that
// says what to do, and decodes UTF-8 (with or without BOM) and BOM-marked UTF-16.
import { isUtf8 } from 'node:buffer';
import { lstatSync, readFileSync, readlinkSync, statSync } from 'node:fs';

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
    throw new InputError(`cannot read ${path}: ${whyUnreadable(path, e as NodeJS.ErrnoException)}`);
  }
  if (size === 0) throw new InputError(`${path} is empty: nothing to analyse`);
  if (size > maxBytes) {
    throw new InputError(
      `${path} is ${(size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB limit for one document: split it, put one answer per line in a JSONL batch (streamed, no limit), or raise --max-bytes`,
    );
  }
  return decode(readFileSync(path), path);
}

function whyUnreadable(path: string, e: NodeJS.ErrnoException): string {
  if (e.code === 'ELOOP') return 'a loop of symbolic links';
  if (e.code === 'ENOENT') {
    try {
      if (lstatSync(path).isSymbolicLink()) return `a symbolic link to ${readlinkSync(path)}, which does not exist`;
    } catch {
      /* not there at all */
    }
    return 'no such file';
  }
  return e.code === 'EACCES' ? 'permission denied' : e.message;
}

export function decode(buf: Buffer, name: string): string {
  if (buf.length >= 2 && ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff))) {
    return new TextDecoder(buf[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(buf);
  }
  const sample = buf.subarray(0, 8192);
  const utf16 = utf16WithoutBom(sample);
  if (utf16) throw new InputError(`${name} looks like ${utf16} text without a byte-order mark: convert it to UTF-8 first, e.g. iconv -f ${utf16} -t UTF-8`);
  // A NUL byte anywhere (not only near the start) marks a binary file; indexOf scans the whole buffer at memory speed.
  const nul = buf.indexOf(0);
  if (nul >= 0) throw new InputError(`${name} looks binary (a NUL byte at offset ${nul}): mouthpiece reads text, markdown, HTML, JSON and JSONL`);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b >= 32 || (b >= 9 && b <= 13)) continue;
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

/**
 * Offset of the first byte of the first invalid UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF, no sequence cut short), or -1.
 */
export function firstInvalidUtf8(buf: Uint8Array): number {
  for (let i = 0; i < buf.length; ) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (n === 0 || i + n >= buf.length) return i; // not a lead byte, or the sequence is cut short
    const b1 = buf[i + 1];
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (b1 < lo || b1 > hi) return i;
    for (let k = 2; k <= n; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return -1;
}

/**
 * "UTF-16LE" or "UTF-16BE" when a sample reads as UTF-16 text without a byte-order mark: code units of ASCII-range
 * characters (letters, digits, spaces, newlines — a share of any text, Chinese included) have a zero byte on the same
 * side, and the other side almost never has one; binary data has zero bytes on both sides.
 */
function utf16WithoutBom(sample: Uint8Array): string | null {
  if (sample.length < 16) return null;
  let even = 0;
  let odd = 0;
  const pairs = sample.length >> 1;
  for (let i = 0; i + 1 < sample.length; i += 2) {
    if (sample[i] === 0) even++;
    if (sample[i + 1] === 0) odd++;
  }
  if (odd > pairs * 0.1 && even < pairs * 0.02) return 'UTF-16LE';
  if (even > pairs * 0.1 && odd < pairs * 0.02) return 'UTF-16BE';
  return null;
}
