// Helpers shared by the browser modules (tests/browser/*.mjs): the demo
// password, SQL through tests/run's root client, the phone and desktop
// windows, a page that records console errors, sign-in through the real
// form, and the layout checks (no horizontal scroll, 44 px targets).
// Each module keeps its own test logic; only these helpers live here.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const PASSWORD = process.env.SG_DEMO_PASSWORD || 'sg-demo-2026';

// Window options for browser.newContext: a 360 x 740 phone (JavaScript on,
// or off with PHONE_NOJS) and a desktop.
export const PHONE = {
  locale: 'zh-CN', viewport: { width: 360, height: 740 }, deviceScaleFactor: 2,
  isMobile: true, hasTouch: true,
};
export const PHONE_NOJS = { ...PHONE, javaScriptEnabled: false };
export const DESKTOP = { locale: 'zh-CN', viewport: { width: 1280, height: 800 } };

// SQL as the database root (SG_MYSQL, set by tests/run), tab-separated,
// trimmed.  Without SG_MYSQL it throws, or answers null when
// { optional: true } (the module then skips what needs the database).
export function sql(query, { optional = false } = {}) {
  const m = process.env.SG_MYSQL;
  if (!m) {
    if (optional) return null;
    throw new Error('SG_MYSQL is not set');
  }
  const [cmd, ...args] = m.split(/\s+/);
  return execFileSync(cmd, [...args, '-N', '-B', 'salesgate', '-e', query], { encoding: 'utf8' }).trim();
}

// Reload the workers' configuration (SIGHUP to the master) and give them
// two seconds to come back.
export async function reload() {
  const pid = readFileSync(`${process.env.SG_DIR}/run/salesgate.pid`, 'utf8').trim();
  process.kill(Number(pid), 'SIGHUP');
  await new Promise((r) => setTimeout(r, 2000));
}

// Make PAGE record its console errors (CSP violations included) in
// page.problems, or in the array `into`.  Chromium asks for /favicon.ico on
// its own; that is not the page's fault.  Chromium logs every 4xx document
// as "Failed to load resource: ... status of 400": a status put in
// page.expected (a Set) is let through.  Options: timeout (default
// timeout of the page's actions, 15 s), pageErrors (uncaught exceptions
// count, default on), failedRequests (failed requests count, default off).
export function watch(page, { timeout = 15000, into = null, pageErrors = true, failedRequests = false } = {}) {
  page.setDefaultTimeout(timeout);
  page.problems = into || [];
  page.expected = new Set();
  page.on('console', m => {
    if (m.type() !== 'error' || m.location().url.endsWith('/favicon.ico')) return;
    const st = /status of (\d{3})/.exec(m.text());
    if (st && page.expected.has(st[1])) return;
    page.problems.push(`${page.url()}: ${m.text()}`);
  });
  if (pageErrors) page.on('pageerror', e => page.problems.push(`${page.url()}: ${e}`));
  if (failedRequests) page.on('requestfailed', r => page.problems.push(`${page.url()}: request failed ${r.url()}`));
  return page;
}

// A new watched page in CONTEXT (options as for watch).
export async function watchedPage(context, options) {
  return watch(await context.newPage(), options);
}

// Sign in through the real form at /login.
export async function signIn(page, base, login, password = PASSWORD) {
  await page.goto(`${base}/login`);
  await page.fill('#f-login', login);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/login"] button[type=submit]')]);
}

// A new window (default: a phone with JavaScript off) signed in as LOGIN:
// [context, page]; the page's actions time out after 15 s.
export async function signedIn(browser, base, login, options = PHONE_NOJS) {
  const ctx = await browser.newContext(options);
  const p = await ctx.newPage();
  p.setDefaultTimeout(15000);
  await signIn(p, base, login);
  return [ctx, p];
}

// How wide the page is (scroll), the window (client), and the first five
// elements under SCOPE ('main' or 'body') that stick out of the window.
export async function overflow(page, scope = 'main') {
  return page.evaluate((scope) => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
    wide: [...document.querySelectorAll(`${scope} *`)]
      .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 5)
      .map(e => `${e.tagName.toLowerCase()}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`),
  }), scope);
}

// Fails unless the page scrolls no wider than WIDTH (a 360 px phone);
// the message names what sticks out (under SCOPE).
export async function noScroll(page, assert, what, { width = 360, scope = 'main' } = {}) {
  const o = await overflow(page, scope);
  assert(o.scroll <= width, `${what}: scrollWidth ${o.scroll} > ${width}: ${o.wide.join('; ')}`);
}

// Fails unless every element of the locator LOC is at least 44 px high and
// lies within a 360 px window.
export async function bigEnough(loc, assert, what) {
  for (const b of await loc.all()) {
    const r = await b.boundingBox();
    assert(r && r.height >= 44 && r.x >= 0 && r.x + r.width <= 360, `${what}: box ${JSON.stringify(r)}`);
  }
}
