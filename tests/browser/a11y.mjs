// Issue 10: every page a person can reach is valid HTML and accessible.
// For the public and then each demo role, signs in and CRAWLS the site from
// the home page (links on every page found, same origin, GET only), so
// pages added later are covered without being listed here.  Each page
// (one per path shape: /leads/12 and /leads/13 count once) is
//   - fetched as the server sent it and checked by html-validate
//     (tests/browser/.htmlvalidate.json),
//   - checked by axe-core in Chromium: no serious or critical violation,
// and every response on the way carries the security headers; cookies
// carry their flags.  Called from run.mjs: await a11y({ browser, base, shots, test, assert }).
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HtmlValidate, FileSystemConfigLoader } from 'html-validate';
import { PASSWORD, DESKTOP } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// one of each role in cgi/seed.c (rep_frozen cannot sign in)
const ROLES = (process.env.SG_A11Y_ROLES ||
  'admin,director,ops,mgr_east,lead_east,rep_east1,rep_east_new,presales1,finance1,legal1,csm1,auditor1')
  .split(',').filter(Boolean);
const MAX_PAGES = Number(process.env.SG_A11Y_MAX_PAGES || 60);   // per role, after folding ids
// html-validate and axe on a page shape for the first CHECKS roles (default 1) that reach
// it (every role still loads every page it can reach: status, headers,
// cookies); SG_A11Y_CHECKS=99 checks every page of every role (minutes more)
const CHECKS = Number(process.env.SG_A11Y_CHECKS || 1);
// never followed: they act (sign out, switch view) or are not pages
const SKIP = [/^\/logout/, /^\/static\//, /\.(css|js|png|svg|ico|csv|xlsx?|pdf)$/, /\/export/, /\/download/,
  /^\/view-as/, /[?&]format=csv/, /^\/deals\/\d+\/attachments\/\d+/];   // a deal's file: a download

// /leads/12?page=2&q=x → /leads/:n?page&q — one page per template and parameter set
function shape(u) {
  const url = new URL(u);
  const p = url.pathname.replace(/\/\d+(?=\/|$)/g, '/:n');
  const keys = [...new Set([...url.searchParams.keys()])].sort().join('&');
  return keys ? `${p}?${keys}` : p;
}

const REQUIRED_ALL = { 'x-content-type-options': /^nosniff$/i };
const REQUIRED_DOC = {
  'content-security-policy': /frame-ancestors 'none'/,
  'x-frame-options': /^DENY$/i,
  'referrer-policy': /^(same-origin|no-referrer|strict-origin)/i,
};

function headerProblems(url, headers, isDoc, signedIn) {
  const out = [];
  for (const [h, re] of Object.entries(isDoc ? { ...REQUIRED_ALL, ...REQUIRED_DOC } : REQUIRED_ALL)) {
    if (!re.test(headers[h] || '')) out.push(`${url}: header ${h} is "${headers[h] || ''}"`);
  }
  if (isDoc && signedIn && !/no-store/.test(headers['cache-control'] || '')) {
    out.push(`${url}: signed-in page without Cache-Control: no-store`);
  }
  for (const c of (headers['set-cookie'] || '').split('\n').filter(Boolean)) {
    const name = c.split('=')[0].trim();
    if (!/;\s*SameSite=(Lax|Strict)/i.test(c)) out.push(`${url}: cookie ${name} without SameSite`);
    if (!/;\s*Path=\//i.test(c)) out.push(`${url}: cookie ${name} without Path=/`);
    if (/sess|sid|token/i.test(name) && !/;\s*HttpOnly/i.test(c)) out.push(`${url}: session cookie ${name} without HttpOnly`);
    if (url.startsWith('https:') && /sess|sid|token/i.test(name) && !/;\s*Secure/i.test(c)) {
      out.push(`${url}: session cookie ${name} without Secure over https`);
    }
  }
  return out;
}

export async function a11y({ browser, base, shots, test, assert }) {
  const loader = new FileSystemConfigLoader(JSON.parse(readFileSync(join(here, '.htmlvalidate.json'), 'utf8')));
  const htmlvalidate = new HtmlValidate(loader);
  const summary = [];   // for var/…/a11y.json: what was crawled
  const seenShapes = new Map();   // shape → how many roles' pages of it were checked

  for (const who of ['', ...ROLES]) {
    const label = who || 'public';
    // axe is injected as a script: CSP (script-src 'self') is bypassed in this context only
    const ctx = await browser.newContext({ ...DESKTOP, bypassCSP: true });
    const page = await ctx.newPage();
    page.setDefaultTimeout(15000);
    const hdr = [];
    const pageErrors = [];
    page.on('pageerror', e => pageErrors.push(`${page.url()}: ${e}`));
    page.on('response', async r => {
      if (!r.url().startsWith(base)) return;
      const isDoc = r.request().resourceType() === 'document';
      hdr.push(...headerProblems(r.url(), await r.allHeaders(), isDoc, !!who));
    });

    let signedIn = true;
    if (who) {
      await page.goto(`${base}/login`);
      await page.fill('#f-login', who);
      await page.fill('input[type=password]', PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
      signedIn = !new URL(page.url()).pathname.startsWith('/login');
    }
    await test(`a11y ${label}: signed in`, async () => assert(signedIn, `still on ${page.url()}`));
    if (!signedIn) { await ctx.close(); continue; }

    const queue = [`${base}/`];
    if (!who) queue.push(`${base}/login`);
    const done = new Set();
    const invalid = [], axeBad = [], status = [], minor = new Map();
    let pages = 0;
    while (queue.length && pages < MAX_PAGES) {
      const url = queue.shift();
      const sh = shape(url);
      if (done.has(sh)) continue;
      done.add(sh);
      let res;
      try {
        res = await page.goto(url, { waitUntil: 'load' });
      } catch (e) {
        status.push(`${url}: ${e.message.split('\n')[0]}`);
        continue;
      }
      if (!res) continue;
      const ct = res.headers()['content-type'] || '';
      if (res.status() >= 500) status.push(`${url}: status ${res.status()}`);
      if (!ct.startsWith('text/html')) continue;
      pages++;
      const finalShape = shape(page.url());
      done.add(finalShape);
      const checked = seenShapes.get(sh) || 0;
      if (checked < CHECKS) {
      seenShapes.set(sh, checked + 1);
      // HTML as the server sent it (once per shape and role)
      const html = await res.text();
      const report = await htmlvalidate.validateString(html, sh);
      for (const r of report.results) {
        for (const m of r.messages) invalid.push(`${sh}:${m.line}:${m.column} ${m.ruleId}: ${m.message}`);
      }
      // axe-core on the rendered page
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(async () => {
        // eslint-disable-next-line no-undef
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
      });
      for (const v of result) {
        const line = `${sh}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.join(', ')}`;
        if (v.impact === 'serious' || v.impact === 'critical') axeBad.push(line);
        else minor.set(`${v.id}`, line);
      }
      }
      // links to follow: same origin, GET, not skipped
      const links = await page.evaluate(() => [...document.querySelectorAll('a[href]')]
        .map(a => a.href)
        .concat([...document.querySelectorAll('form[method=get], form:not([method])')]
          .map(f => f.getAttribute('action') || location.href)));
      for (const l of links) {
        let u;
        try { u = new URL(l, page.url()); } catch { continue; }
        if (u.origin !== new URL(base).origin) continue;
        u.hash = '';
        if (SKIP.some(re => re.test(u.pathname + u.search))) continue;
        if (!done.has(shape(u.href))) queue.push(u.href);
      }
    }
    summary.push({ role: label, pages, shapes: [...done].sort() });
    if (who === 'rep_east1' || who === 'admin') {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(`${base}/`);
      await page.screenshot({ path: `${shots}/a11y-home-${who}-360.png`, fullPage: true });
    }
    await test(`a11y ${label}: crawled ${pages} pages, no 5xx`, async () => {
      assert(pages > 0 && status.length === 0, status.join('\n'));
    });
    await test(`a11y ${label}: every page is valid HTML (html-validate)`, async () => {
      assert(invalid.length === 0, [...new Set(invalid)].slice(0, 40).join('\n'));
    });
    await test(`a11y ${label}: no serious or critical axe-core violation`, async () => {
      assert(axeBad.length === 0, [...new Set(axeBad)].slice(0, 40).join('\n'));
    });
    await test(`a11y ${label}: security headers and cookie flags on every response`, async () => {
      assert(hdr.length === 0, [...new Set(hdr)].slice(0, 20).join('\n'));
    });
    await test(`a11y ${label}: no script errors`, async () => {
      assert(pageErrors.length === 0, pageErrors.join('\n'));
    });
    for (const line of minor.values()) console.log(`# a11y ${label} (minor/moderate): ${line}`);
    await ctx.close();
  }
  writeFileSync(`${shots}/a11y-crawl.json`, JSON.stringify(summary, null, 1));
  console.log(`# a11y: ${seenShapes.size} distinct pages crawled; list in ${shots}/a11y-crawl.json`);
}
