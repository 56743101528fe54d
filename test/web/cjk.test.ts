// Chinese must render as glyphs, not as empty boxes ("tofu"), through the reports' own font stack.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { analyzeAnswer } from '../../src/analysis/pipeline.js';
import { renderDocumentsReport } from '../../src/reporters/html.js';
import { HAVE_CHROMIUM, launchBrowser } from './browser.js';
import { tempDir } from './fixtures.js';

function cjkFonts(): string {
  try {
    return execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}
const HAVE_CJK = cjkFonts() !== '';
if (HAVE_CHROMIUM && !HAVE_CJK) console.warn('Chinese glyph test skipped: no CJK font installed (apt-get install fonts-noto-cjk; .ci/run does)');

let browser: Browser;
beforeAll(async () => {
  if (HAVE_CHROMIUM && HAVE_CJK) browser = await launchBrowser();
}, 30_000);
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(!HAVE_CHROMIUM || !HAVE_CJK)('Chinese text', () => {
  it('draws distinct glyphs for distinct characters in the report font stack (fails when only tofu is reachable)', async () => {
    const text = '外交部发言人耿爽表示，新疆事务纯属中国内政。';
    const doc = analyzeAnswer({ id: 'zh-1', prompt: '新疆', answer: text, model: 'test', lang: 'zh' });
    const file = join(tempDir(), 'zh.html');
    writeFileSync(file, renderDocumentsReport([doc]));
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    await page.goto(pathToFileURL(file).href);
    // Two different characters drawn in the page's own font: a missing glyph would draw the same box for both.
    const pixels = await page.evaluate(() => {
      const family = getComputedStyle(document.querySelector('section.doc .text') ?? document.body).fontFamily;
      const draw = (ch: string) => {
        const c = document.createElement('canvas');
        c.width = 40;
        c.height = 40;
        const ctx = c.getContext('2d')!;
        ctx.font = `30px ${family}`;
        ctx.fillText(ch, 2, 32);
        return Array.from(ctx.getImageData(0, 0, 40, 40).data.filter((_, i) => i % 4 === 3));
      };
      const a = draw('中');
      const b = draw('国');
      return { family, inkA: a.filter((v) => v > 0).length, differ: a.some((v, i) => v !== b[i]) };
    });
    expect(pixels.inkA, pixels.family).toBeGreaterThan(0);
    expect(pixels.differ, `"中" and "国" drew the same pixels in ${pixels.family}: no CJK font reached`).toBe(true);
    // The span itself has width: the text laid out, not collapsed.
    const width = await page.locator('section.doc .text').evaluate((e) => e.getBoundingClientRect().width);
    expect(width).toBeGreaterThan(0);
    await page.close();
  }, 30_000);
});
