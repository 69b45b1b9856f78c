// The header nav on a 360 x 740 phone with JavaScript off: the daily items
// (today, leads, customers, deals, board, tasks) stay in the bar, the rest
// folds into a <details> "更多" menu that opens without JavaScript; nothing
// scrolls sideways, every target is at least 44 px high, the open menu stays
// on the screen.  Also on a desktop: the bar is one line.
// Called from run.mjs: await nav({ browser, base, shots, test, assert }).

import { PHONE_NOJS, DESKTOP, signIn } from './lib.mjs';

const DAILY = ['/today', '/leads', '/customers', '/deals', '/board', '/tasks'];

// every visible link, button and summary in the header: [text, box]
async function targets(p) {
  return p.evaluate(() => [...document.querySelectorAll('header.topbar a, header.topbar button, header.topbar summary')]
    .filter(e => e.checkVisibility())
    .map(e => {
      const r = e.getBoundingClientRect();
      return { text: e.textContent.trim(), href: e.getAttribute('href'), left: r.left, right: r.right,
               width: r.width, height: r.height, top: r.top };
    }));
}

export async function nav({ browser, base, shots, test, assert }) {
  for (const [login, lang] of [['rep_east1', 'zh-CN'], ['admin', 'zh-CN'], ['mgr_east', 'en-US']]) {
    const ctx = await browser.newContext({ ...PHONE_NOJS, locale: lang });
    const p = await ctx.newPage();
    p.setDefaultTimeout(15000);
    const tag = `${login} (${lang}, 360px, no JS)`;

    await test(`${tag}: the bar holds the daily items, the rest is under More`, async () => {
      await signIn(p, base, login);
      await p.goto(`${base}/tasks`);
      const bar = await p.locator('nav.mainnav > a').evaluateAll(as => as.map(a => a.getAttribute('href')));
      // the admin reads no leads, customers or deals: only the tasks stay
      const want = login === 'admin' ? ['/tasks'] : DAILY;
      assert(JSON.stringify(bar) === JSON.stringify(want), `bar links ${bar.join(' ')}`);
      assert(bar.includes('/tasks'), 'no /tasks in the bar');
      assert(await p.locator('nav.mainnav details.more > summary').count() === 1, 'no More menu');
      assert(!(await p.locator('nav.mainnav details.more').getAttribute('open') !== null), 'More open by default');
      assert(!(await p.locator('nav.mainnav details.more a[href="/profile"]').isVisible()), 'profile link shown while closed');
      await p.screenshot({ path: `${shots}/nav-${login}-360.png` });
    });
    await test(`${tag}: no horizontal scroll, every target at least 44 px, the bar at most two lines`, async () => {
      const o = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth,
        bar: document.querySelector('header.topbar').getBoundingClientRect().height }));
      assert(o.scroll <= 360, `scrollWidth ${o.scroll}`);
      const t = await targets(p);
      const small = t.filter(x => x.height < 44 || x.width < 44);
      assert(!small.length, `small targets: ${JSON.stringify(small)}`);
      const off = t.filter(x => x.left < 0 || x.right > 360);
      assert(!off.length, `off screen: ${JSON.stringify(off)}`);
      // brand and More, then the daily items: two rows of 44 px targets, not four
      assert(o.bar <= 2 * 44 + 16, `header is ${o.bar} px high`);
      const rows = new Set(t.map(x => Math.round(x.top)));
      assert(rows.size <= 2, `targets on ${rows.size} rows`);
    });
    await test(`${tag}: More opens without JavaScript, on screen, and its links work`, async () => {
      await p.click('nav.mainnav details.more > summary');
      assert(await p.locator('nav.mainnav details.more a[href="/profile"]').isVisible(), 'profile link not shown');
      const t = await targets(p);
      const inMenu = t.filter(x => x.top > 0);
      const off = t.filter(x => x.left < 0 || x.right > 360);
      assert(!off.length, `off screen: ${JSON.stringify(off)}`);
      const small = inMenu.filter(x => x.height < 44);
      assert(!small.length, `small targets: ${JSON.stringify(small)}`);
      const o = await p.evaluate(() => document.documentElement.scrollWidth);
      assert(o <= 360, `scrollWidth ${o} with the menu open`);
      await p.screenshot({ path: `${shots}/nav-${login}-360-more.png` });
      await Promise.all([p.waitForNavigation(), p.click('nav.mainnav details.more a[href="/profile"]')]);
      assert(p.url() === `${base}/profile`, `at ${p.url()}`);
      assert(await p.locator('nav.mainnav details.more > summary.current').count() === 1,
             'More is not marked when the page is one of its items');
    });
    if (login === 'admin') {
      await test(`${tag}: the admin's menu items are all reachable`, async () => {
        await p.click('nav.mainnav details.more > summary');
        for (const h of ['/admin/users', '/admin/org', '/admin/channels', '/admin/pipelines', '/admin/roles', '/audit'])
          assert(await p.locator(`nav.mainnav details.more a[href="${h}"]`).isVisible(), `${h} not in the menu`);
        await p.screenshot({ path: `${shots}/nav-admin-360-more-profile.png`, fullPage: true });
      });
    }
    await ctx.close();
  }
  await test('1280px: the rep\'s bar is one line, the menu hangs under it', async () => {
    const ctx = await browser.newContext(DESKTOP);
    const p = await ctx.newPage();
    await signIn(p, base, 'rep_east1');
    await p.goto(`${base}/deals`);
    const h = await p.evaluate(() => document.querySelector('header.topbar').getBoundingClientRect().height);
    assert(h <= 64, `header ${h} px high`);
    await p.click('nav.mainnav details.more > summary');
    const r = await p.locator('.more-menu').boundingBox();
    assert(r && r.x + r.width <= 1280 && r.y >= h - 1, `menu at ${JSON.stringify(r)}`);
    await p.screenshot({ path: `${shots}/nav-rep-1280-more.png` });
    await ctx.close();
  });
}
