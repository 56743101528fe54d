// The report shell without a browser: the data block cannot end early and the CSP names exactly our script.
import { describe, expect, it } from 'vitest';
import { embedJson, htmlPage, reportCsp, scriptHash } from '../../src/reporters/html-page.js';
import { renderDocumentsReport } from '../../src/reporters/html.js';
import { DOCUMENTS_BOOT_JS, RUN_BOOT_JS, VIEW_LIB_JS } from '../../src/reporters/html-client.js';
import { DASHBOARD_SCRIPT } from '../../src/web/client.js';
import { hostileDocument } from './fixtures.js';

describe('report page', () => {
  it('escapes everything that could close the JSON block or break a parser, and still round-trips', () => {
    const value = { a: '</script><script>alert(1)</script>', b: '<!-- & -->', c: 'line\u2028sep\u2029end', d: 'Ünïcödé 中文' };
    const json = embedJson(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
  });

  it('allows only the inline script whose hash it carries', () => {
    const script = 'console.log(1)';
    const html = htmlPage({ title: '<t>', css: '', script, data: {} });
    expect(html).toContain(`script-src &#39;${scriptHash(script)}&#39;`);
    expect(html).toContain('<title>&lt;t&gt;</title>');
    expect(reportCsp(script)).toMatch(/default-src 'none'.*img-src data:/);
    expect(() => htmlPage({ title: 't', css: '', script: 'x = "</script>"', data: {} })).toThrow(/closing script/);
  });

  it('keeps the browser code free of markup sinks and eval', () => {
    for (const code of [VIEW_LIB_JS, DOCUMENTS_BOOT_JS, RUN_BOOT_JS, DASHBOARD_SCRIPT]) {
      expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    }
  });

  it('puts hostile text only inside the escaped data block', () => {
    const html = renderDocumentsReport([hostileDocument()]);
    const [before, after] = html.split('<script type="application/json" id="report-data">');
    // Outside the data block the hostile title appears only escaped, in <title>.
    expect(before).not.toMatch(/<script>window|<img/);
    expect(before).toContain('&lt;script&gt;window.__pwned');
    const data = after.slice(0, after.indexOf('</script>'));
    expect(data).toContain('__pwned');
    expect(data).not.toContain('<');
    const parsed = JSON.parse(data) as { docs: { text: string }[] };
    expect(parsed.docs[0].text).toBe(hostileDocument().text);
  });
});
