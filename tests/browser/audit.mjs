// Browser checks of issue 5 (the auditor's view) on a 360 x 740 phone with
// JavaScript switched off: auditor1 signs in, opens /audit, uses a
// ready-made filter and the filter form, opens a row and presses "verify
// now"; no horizontal scroll, screenshots, no console errors.
// Called from run.mjs: await audit({ browser, base, shots, test, assert }).
import { PASSWORD, PHONE_NOJS, watch, noScroll as fits } from './lib.mjs';

export async function audit({ browser, base, shots, test, assert }) {
  const ctx = await browser.newContext(PHONE_NOJS);
  const p = watch(await ctx.newPage(), { pageErrors: false, failedRequests: true });
  const problems = p.problems;
  const noScroll = what => fits(p, assert, what);

  await test('360px, no JavaScript: auditor1 signs in and opens /audit from the nav', async () => {
    await p.goto(`${base}/login`);
    await p.fill('#f-login', 'auditor1');
    await p.fill('#f-password', PASSWORD);
    await Promise.all([p.waitForNavigation(), p.click('form[action="/login"] button[type=submit]')]);
    await p.click('nav.mainnav details.more > summary');   // folded under 更多
    await Promise.all([p.waitForNavigation(), p.click('nav.mainnav a[href="/audit"]')]);
    assert(p.url() === `${base}/audit`, `at ${p.url()}`);
    assert((await p.textContent('main h1')).includes('审计日志'), 'no 审计日志 heading');
    const rows = await p.locator('table.list tbody tr').count();
    assert(rows > 0 && rows <= 50, `${rows} rows`);
    await p.screenshot({ path: `${shots}/audit-360.png`, fullPage: true });
  });
  await test('360px: /audit has no horizontal scroll', async () => noScroll('/audit'));
  await test('360px: the ready-made filter 登录记录 lists sign-ins only', async () => {
    await Promise.all([p.waitForNavigation(), p.click('nav.filters a:has-text("登录记录")')]);
    const actions = await p.locator('table.list tbody td[data-label="动作"] code').allTextContents();
    assert(actions.length > 0, 'no rows');
    assert(actions.every(a => a.startsWith('login.') || a === 'logout'), actions.join(', '));
    assert(await p.locator('nav.filters a[aria-current="page"]').textContent() === '登录记录', 'not marked current');
  });
  await test('360px, no JavaScript: the filter form opens and filters by person', async () => {
    await p.goto(`${base}/audit`);
    await p.click('details.filters-box summary');
    assert(await p.locator('#f-person').isVisible(), 'person field not visible');
    await noScroll('open filters');
    await p.screenshot({ path: `${shots}/audit-filters-360.png`, fullPage: false });
    await p.fill('#f-person', 'auditor1');
    await Promise.all([p.waitForNavigation(), p.click('form.filter-form button[type=submit]')]);
    assert(p.url().includes('person=auditor1'), `at ${p.url()}`);
    const actors = await p.locator('table.list tbody td[data-label="操作人"]').allTextContents();
    assert(actors.length > 0 && actors.every(a => a.trim() === 'auditor1'), actors.join(', '));
  });
  await test('360px: a row opens from the list, hashes wrap', async () => {
    await Promise.all([p.waitForNavigation(), p.click('table.list tbody tr:first-child td[data-label="详情"] a')]);
    assert(/\/audit\/\d+$/.test(p.url()), `at ${p.url()}`);
    assert((await p.textContent('main')).includes('本条哈希'), 'no hash on the page');
    await p.screenshot({ path: `${shots}/audit-row-360.png`, fullPage: true });
    await noScroll('row page');
  });
  await test('360px, no JavaScript: verify now records the chain as intact', async () => {
    await p.goto(`${base}/audit`);
    await Promise.all([p.waitForNavigation(), p.click('form[action="/audit/verify"] button')]);
    assert(p.url().endsWith('/audit?done=Verified'), `at ${p.url()}`);
    assert((await p.textContent('main')).includes('完好'), 'chain not shown as intact');
    await p.screenshot({ path: `${shots}/audit-verified-360.png`, fullPage: false });
  });
  await test('360px audit pages: no console errors or CSP violations', async () => {
    assert(problems.length === 0, problems.join('\n'));
  });
  await ctx.close();
}
