// Text that reaches a terminal comes from answers, articles, corpora, catalogues and providers: any of them may
// carry control characters that move the cursor, rewrite earlier lines, retitle the window or write the clipboard
// (OSC 52), or bidirectional overrides that show text in another order than it is stored in. Every terminal output
// passes its data through these functions, which make such characters visible escapes (`\x1b`, `\u202e`) instead.

/** C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), bidirectional embeddings, overrides and isolates. */
const UNSAFE_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_TEXT_ALL = new RegExp(UNSAFE_TEXT.source, 'g');
/** The same, and newlines and tabs too: for values that must stay on their line (ids, names, URLs, file names). */
const UNSAFE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_LINE_ALL = new RegExp(UNSAFE_LINE.source, 'g');
/** What JSON.stringify leaves raw in strings: DEL, C1 controls and the bidirectional controls. */
const UNSAFE_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const UNSAFE_JSON_ALL = new RegExp(UNSAFE_JSON.source, 'g');

function escape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function jsonEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Multi-line text for a terminal: newlines and tabs stay, every other control character becomes a visible escape. */
export function safeText(value: unknown): string {
  const s = String(value ?? '');
  return UNSAFE_TEXT.test(s) ? s.replace(UNSAFE_TEXT_ALL, escape) : s;
}

/** One-line value for a terminal (id, model, speaker, URL, file name): newlines and tabs are escaped as well. */
export function safeLine(value: unknown): string {
  const s = String(value ?? '');
  return UNSAFE_LINE.test(s) ? s.replace(UNSAFE_LINE_ALL, escape) : s;
}

/**
 * JSON text safe for a terminal and still the same JSON: the characters JSON.stringify leaves raw can only stand
 * inside strings, where their \uXXXX escapes parse back to the same value.
 */
export function safeJson(json: string): string {
  return UNSAFE_JSON.test(json) ? json.replace(UNSAFE_JSON_ALL, jsonEscape) : json;
}
