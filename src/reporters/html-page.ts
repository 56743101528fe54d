// The shell of a self-contained HTML page: inline CSS, one inline script allowed by its hash, data as inert JSON.
// Untrusted text never enters the markup here: it travels in the JSON block and the script renders it with textContent.
import { createHash } from 'node:crypto';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON that is safe inside `<script type="application/json">`: `<`, `>` and `&` cannot close the block or open a
 * comment, and U+2028/2029 cannot break older parsers.
 */
export function embedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function scriptHash(script: string): string {
  return `sha256-${createHash('sha256').update(script, 'utf8').digest('base64')}`;
}

/** Only the one script we wrote may run; no network, no frames, no forms; images only from data: URLs. */
export function reportCsp(script: string): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `script-src '${scriptHash(script)}'`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export interface PageOptions {
  title: string;
  css: string;
  /** The one inline script; it reads its data from the element with id `report-data`. */
  script: string;
  data: unknown;
}

export function htmlPage({ title, css, script, data }: PageOptions): string {
  // Our own code must not be able to end its element early; the data block is escaped by embedJson.
  if (/<\/(script|style)/i.test(script + css)) throw new Error('inline code must not contain a closing script/style tag');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(reportCsp(script))}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    '<noscript><p>This report draws its views with JavaScript; please open it in a browser with scripts enabled.</p></noscript>',
    '<div id="app"></div>',
    `<script type="application/json" id="report-data">${embedJson(data)}</script>`,
    `<script>${script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
