// Browser suite: drives Debian's Chromium (never a downloaded one) through
// playwright-core against $SG_URL; screenshots go to $SG_SHOTS.
// Prints "ok - …" / "not ok - …" lines like the other suites.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { issue3 } from './issue3.mjs';
import { leads } from './leads.mjs';
import { audit } from './audit.mjs';
import { exports } from './exports.mjs';
import { deals } from './deals.mjs';
import { phone } from './phone.mjs';
import { routing } from './routing.mjs';
import { dashboards } from './dashboards.mjs';
import { renewal } from './renewal.mjs';
import { a11y } from './a11y.mjs';
import { nav } from './nav.mjs';
import { foureyes } from './foureyes.mjs';
import { summary } from './summary.mjs';
import { handoffs } from './handoffs.mjs';
import { takeover } from './takeover.mjs';
import { credibility } from './credibility.mjs';
import { gaps } from './gaps.mjs';

const base = process.env.SG_URL;
const shots = process.env.SG_SHOTS || 'shots';
if (!base) {
  console.error('SG_URL is not set (run me from tests/run)');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

let failures = 0;
async function test(name, fn) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (e) {
    failures++;
    console.log(`not ok - ${name}`);
    console.log(String(e && e.stack || e).replace(/^/gm, '#   '));
  }
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
});
try {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const problems = [];   // console errors include CSP violations
  page.on('console', m => {
    // Chromium asks for /favicon.ico on its own; that is not the page's fault
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(m.text());
  });
  page.on('pageerror', e => problems.push(String(e)));

  await test('login page loads in Chromium', async () => {
    const res = await page.goto(`${base}/login`);
    assert(res && res.status() === 200, `status ${res && res.status()}`);
    const text = await page.textContent('body');
    assert(text.includes('登录'), 'no 登录 on the page');
    await page.screenshot({ path: `${shots}/login.png`, fullPage: true });
  });
  await test('login page has a password field', async () => {
    assert(await page.locator('input[type=password]').count() === 1, 'no password input');
  });
  await test('login page: no console errors or CSP violations', async () => {
    assert(problems.length === 0, problems.join('\n'));
  });
  await test('login page in English for an English browser', async () => {
    const en = await browser.newContext({ locale: 'en-US' });
    const p = await en.newPage();
    await p.goto(`${base}/login`);
    assert((await p.textContent('body')).includes('Sign in'), 'no "Sign in" on the page');
    await p.screenshot({ path: `${shots}/login-en.png`, fullPage: true });
    await en.close();
  });
  // SG_BROWSER_ONLY=a11y runs only that module; SG_BROWSER_SKIP=a11y all but it
  const only = process.env.SG_BROWSER_ONLY;
  const skip = (process.env.SG_BROWSER_SKIP || '').split(',');
  const mods = { issue3, leads, audit, exports, deals, phone, summary, routing, nav, foureyes, takeover, credibility, handoffs, dashboards, renewal, gaps, a11y };
  for (const [name, fn] of Object.entries(mods)) {
    if ((!only || only.split(',').includes(name)) && !skip.includes(name)) await fn({ browser, base, shots, test, assert });
  }
} finally {
  await browser.close();
}
process.exit(failures ? 1 : 0);
