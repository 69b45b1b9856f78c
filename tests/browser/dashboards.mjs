// Browser checks of issue 9 (dashboards) on a 360 x 740 phone and a desktop:
// the funnel chart and table, the first-response heat map, the filters
// without JavaScript — no horizontal scroll, no console errors, screenshots.
// Called from run.mjs: await dashboards({ browser, base, shots, test, assert }).
const PASSWORD = process.env.SG_DEMO_PASSWORD || 'sg-demo-2026';

async function watchedPage(context) {
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.problems = [];
  page.on('console', m => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) page.problems.push(`${page.url()}: ${m.text()}`);
  });
  page.on('pageerror', e => page.problems.push(`${page.url()}: ${e}`));
  return page;
}

async function signIn(p, base, login) {
  await p.goto(`${base}/login`);
  await p.fill('#f-login', login);
  await p.fill('#f-password', PASSWORD);
  await Promise.all([p.waitForNavigation(), p.click('form[action="/login"] button[type=submit]')]);
}

export async function dashboards({ browser, base, shots, test, assert }) {
  const phone = await browser.newContext({
    locale: 'zh-CN', viewport: { width: 360, height: 740 }, deviceScaleFactor: 2,
    isMobile: true, hasTouch: true,
  });
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
  await test('360px dashboard: no console errors or CSP violations', async () => {
    assert(p.problems.length === 0, p.problems.join('\n'));
  });
  await phone.close();

  const desk = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
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
