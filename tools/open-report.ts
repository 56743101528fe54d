// Times how long an HTML report takes to open in headless Chromium (Debian's package; CHROMIUM_PATH overrides):
// from navigation until every given selector matches an element, a few times over one browser.
//   npx tsx tools/open-report.ts report.html '.batch-row' '.summary .sum-model'    # a batch report: rows and summary drawn
//   npx tsx tools/open-report.ts report.html 'section.doc'                       # a documents report: first answer drawn
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [file, ...selectors] = process.argv.slice(2);
if (!file || !selectors.length) {
  console.error('usage: npx tsx tools/open-report.ts <report.html> <selector>…');
  process.exit(2);
}
const runs = Number(process.env.RUNS ?? 4);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  console.log(`${file}: ${(statSync(file).size / 1048576).toFixed(2)} MB`);
  for (let i = 1; i <= runs; i++) {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const t0 = Date.now();
    await page.goto(pathToFileURL(resolve(file)).href, { timeout: 600_000 });
    for (const s of selectors) await page.locator(s).first().waitFor({ timeout: 600_000 });
    const ms = Date.now() - t0;
    const elements = await page.evaluate(() => document.getElementsByTagName('*').length);
    console.log(`open ${i}: ${ms} ms (${elements} elements)`);
    await page.close();
  }
} finally {
  await browser.close();
}
