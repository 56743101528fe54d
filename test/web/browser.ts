// Real headless Chromium (Debian's package) driven by playwright-core; tests skip with a message when it is missing.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM_PATH);
if (!HAVE_CHROMIUM) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A PNG file starts with these eight bytes. */
export function isPng(buffer: Buffer): boolean {
  return buffer.length > 1000 && buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
}

/** Boxes wider than the viewport or scrolling sideways inside: the page's own scroll and every element's. */
export function sidewaysOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth) out.push(`page ${document.documentElement.scrollWidth}px`);
    for (const e of Array.from(document.querySelectorAll('body *'))) {
      const r = e.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.right > window.innerWidth + 0.5) out.push(`${e.tagName}.${e.getAttribute('class') ?? ''} ends at ${Math.round(r.right)}px`);
      else if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible' && e.tagName !== 'svg') out.push(`${e.tagName}.${e.getAttribute('class') ?? ''} scrolls ${e.scrollWidth}/${e.clientWidth}`);
    }
    return out;
  });
}

/** Records what would show a report escaping its page: script errors, dialogs, and requests for anything but files. */
export function watchPage(page: Page): { errors: string[]; dialogs: string[]; requests: string[] } {
  const seen = { errors: [] as string[], dialogs: [] as string[], requests: [] as string[] };
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('dialog', (d) => {
    seen.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith('file:')) seen.requests.push(r.url());
  });
  return seen;
}
