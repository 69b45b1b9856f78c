// Browser checks of issue 9 (dashboards) on a 360 x 740 phone and a desktop:
// the funnel chart and table, the first-response heat map, the filters
// without JavaScript — no horizontal scroll, no console errors, screenshots.
// Called from run.mjs: await dashboards({ browser, base, shots, test, assert }).
import { PHONE, DESKTOP, watchedPage, signIn } from './lib.mjs';

export async function dashboards({ browser, base, shots, test, assert }) {
  const phone = await browser.newContext(PHONE);
  const p = await watchedPage(phone);
  await test('360px: the manager opens the funnel from the header', async () => {
    await signIn(p, base, 'mgr_east');
    assert(await p.locator('header a[href="/dashboard"]').count() === 1, 'no dashboard link');
    const res = await p.goto(`${base}/dashboard`);
    assert(res.status() === 200, `status ${res.status()}`);
    assert(await p.locator('svg.chart title#funnel-t').count() === 1, 'no funnel chart title');
    assert(await p.locator('#funnel-table tbody tr').count() > 0, 'no funnel rows');
    assert(await p.locator('svg.chart rect[fill="#2f6fb3"]').count() > 0, 'no funnel bars');
    await p.screenshot({ path: `${shots}/dashboard-360.png`, fullPage: true, timeout: 60000 });
    const scroll = await p.evaluate(() => document.documentElement.scrollWidth);
    assert(scroll <= 360, `scrollWidth ${scroll} > 360`);
  });
  await test('360px: the period filter works without JavaScript and is touch-sized', async () => {
    await p.click('details.filters-box summary');
    await p.selectOption('#f-period', '30');
    const b = await p.locator('form[action="/dashboard"] button[type=submit]').boundingBox();
    assert(b && b.height >= 44, `button height ${b && b.height}`);
    await Promise.all([p.waitForNavigation(), p.click('form[action="/dashboard"] button[type=submit]')]);
    assert(p.url().includes('period=30'), `url ${p.url()}`);
    assert(await p.locator('#f-period option[value="30"][selected]').count() === 1, 'period not kept');
  });
  await test('360px: process health and the three heat maps have titles and tables', async () => {
    await p.goto(`${base}/dashboard`);
    assert(await p.locator('#process-health #health-sd').count() === 1, 'no stage deviation table');
    assert(await p.locator('#health-actions tbody tr').count() > 0, 'no required actions');
    for (const id of ['heat', 'heat-prop', 'heat-obj']) {
      assert(await p.locator(`#${id}-h`).count() === 1, `no ${id} heading`);
    }
    const scroll = await p.evaluate(() => document.documentElement.scrollWidth);
    assert(scroll <= 360, `scrollWidth ${scroll} > 360`);
  });
  await test('360px: the review form on the dashboard creates an action item without JavaScript', async () => {
    await p.goto(`${base}/dashboard`);
    await p.click('#review-new summary');
    await p.fill('#f-title', '浏览器测试行动项');
    await p.fill('#f-due', '2099-12-31');
    await p.fill('#f-criterion', '打开率 ≥ 65%');
    const b = await p.locator('form[action="/reviews"] button[type=submit]').boundingBox();
    assert(b && b.height >= 44, `button height ${b && b.height}`);
    await Promise.all([p.waitForNavigation(), p.click('form[action="/reviews"] button[type=submit]')]);
    assert(p.url().includes('/reviews?done=Created'), `url ${p.url()}`);
    assert(await p.locator('.review-items li', { hasText: '浏览器测试行动项' }).count() >= 1, 'item not listed');
    assert(await p.locator('#selfcheck input[name="q10"]').count() === 5, 'no self-check item 10');
    await p.screenshot({ path: `${shots}/reviews-360.png`, fullPage: true, timeout: 60000 });
    const scroll = await p.evaluate(() => document.documentElement.scrollWidth);
    assert(scroll <= 360, `scrollWidth ${scroll} > 360`);
  });
  await test('360px dashboard: no console errors or CSP violations', async () => {
    assert(p.problems.length === 0, p.problems.join('\n'));
  });
  await phone.close();

  const phone2 = await browser.newContext(PHONE);
  const r = await watchedPage(phone2);
  await test('360px: a rep opens their own dashboard from the today page', async () => {
    await signIn(r, base, 'rep_east1');
    await r.goto(`${base}/today`);
    await Promise.all([r.waitForNavigation(), r.click('a[href="/dashboard/me"] >> nth=-1')]);
    assert(new URL(r.url()).pathname === '/dashboard/me', `url ${r.url()}`);
    assert(await r.locator('svg.chart title#me-t').count() === 1, 'no stage chart title');
    assert(await r.locator('#me-table tbody tr').count() > 0, 'no stage rows');
    assert(await r.locator('#hints').count() === 1, 'no hints');
    assert(await r.locator('#sla-leads').count() === 1, 'no SLA numbers');
    await r.screenshot({ path: `${shots}/dashboard-me-360.png`, fullPage: true, timeout: 60000 });
    const scroll = await r.evaluate(() => document.documentElement.scrollWidth);
    assert(scroll <= 360, `scrollWidth ${scroll} > 360`);
    assert(r.problems.length === 0, r.problems.join('\n'));
  });
  await phone2.close();

  const desk = await browser.newContext(DESKTOP);
  const d = await watchedPage(desk);
  await test('desktop: the funnel and the heat map', async () => {
    await signIn(d, base, 'director');
    const res = await d.goto(`${base}/dashboard`);
    assert(res.status() === 200, `status ${res.status()}`);
    await d.screenshot({ path: `${shots}/dashboard.png`, fullPage: true, timeout: 60000 });
    assert(await d.locator('#funnel-table').count() === 1, 'no funnel table');
    assert(d.problems.length === 0, d.problems.join('\n'));
  });
  await desk.close();
}
