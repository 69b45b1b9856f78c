// Browser checks of issue 8 (routing, scheduler, inbox) on a 360 x 740
// phone and a desktop: the rules page with its conflict flags, assignment
// health with its SVG heat map, a routed lead's "why this person", the job
// page and the inbox with its unread badge — no horizontal scroll, no
// console errors, screenshots.
// Called from run.mjs: await routing({ browser, base, shots, test, assert }).
import { PHONE, DESKTOP, watchedPage, overflow, signIn, sql as sqlAt } from './lib.mjs';

// SQL through tests/run's root client, when there is one (null otherwise)
const sql = query => sqlAt(query, { optional: true });

export async function routing({ browser, base, shots, test, assert }) {
  const phone = await browser.newContext(PHONE);
  const p = await watchedPage(phone);
  await test('360px: ops signs in; the header links routing and the inbox', async () => {
    await signIn(p, base, 'ops');
    assert(await p.locator('header a[href="/admin/routing"]').count() === 1, 'no routing link');
    assert(await p.locator('header a[href="/inbox"]').count() === 1, 'no inbox link');
  });
  for (const [path, shot, must] of [
    ['/admin/routing', 'routing-rules-360', 'table.rules'],
    ['/routing/health', 'routing-health-360', 'svg.heatmap rect'],
    ['/routing/queue', 'routing-queue-360', 'main h1'],
    ['/admin/jobs', 'jobs-360', 'main table.list'],
    ['/inbox', 'inbox-360', 'main h1'],
  ]) {
    await test(`360px: ${path} renders without horizontal scroll`, async () => {
      const res = await p.goto(`${base}${path}`);
      assert(res.status() === 200, `status ${res.status()}`);
      assert(await p.locator(must).count() > 0, `no ${must}`);
      await p.screenshot({ path: `${shots}/${shot}.png`, fullPage: true, timeout: 60000 });
      const o = await overflow(p);
      assert(o.scroll <= 360, `scrollWidth ${o.scroll} > 360: ${o.wide.join('; ')}`);
    });
  }
  await test('360px: the new-rule form buttons are touch-sized', async () => {
    await p.goto(`${base}/admin/routing`);
    const b = await p.locator('form[action="/admin/routing"] button[type=submit]').boundingBox();
    assert(b && b.height >= 44, `button height ${b && b.height}`);
  });
  await test('360px: a routed lead shows "why this person" with candidates', async () => {
    const id = sql("SELECT MAX(lead_id) FROM routing_decision WHERE outcome = 'assigned'");
    assert(id && id !== 'NULL', 'no routed lead in the database');
    const res = await p.goto(`${base}/leads/${id}`);
    assert(res.status() === 200, `status ${res.status()}`);
    assert(await p.locator('#why').isVisible(), '#why not visible');
    assert((await p.textContent('#why')).includes('为什么分给此人'), 'no heading');
    assert(await p.locator('#why tr.chosen').count() === 1, 'no chosen candidate row');
    await p.locator('#why').screenshot({ path: `${shots}/lead-why-360.png`, timeout: 60000 });
    const o = await overflow(p);
    assert(o.scroll <= 360, `scrollWidth ${o.scroll} > 360: ${o.wide.join('; ')}`);
  });
  await test('360px routing pages: no console errors or CSP violations', async () => {
    assert(p.problems.length === 0, p.problems.join('\n'));
  });
  await phone.close();

  const desk = await browser.newContext(DESKTOP);
  const d = await watchedPage(desk);
  await test('desktop: the rules page and assignment health', async () => {
    await signIn(d, base, 'ops');
    await d.goto(`${base}/admin/routing`);
    await d.screenshot({ path: `${shots}/routing-rules.png`, fullPage: true, timeout: 60000 });
    await d.goto(`${base}/routing/health`);
    await d.screenshot({ path: `${shots}/routing-health.png`, fullPage: true, timeout: 60000 });
    assert(await d.locator('svg.heatmap rect').count() > 0, 'no heat map cells');
  });
  await test('desktop: rep_east1 sees the unread badge and reads the inbox', async () => {
    await d.context().clearCookies();
    await signIn(d, base, 'rep_east1');
    await d.goto(`${base}/inbox`);
    const badge = await d.locator('#unread').count();
    await d.screenshot({ path: `${shots}/inbox.png`, fullPage: true, timeout: 60000 });
    if (badge) {
      await Promise.all([d.waitForNavigation(), d.click('form[action="/inbox/read"] button')]);
      assert(await d.locator('#unread').count() === 0, 'badge still there after mark all read');
    }
    assert(d.problems.length === 0, d.problems.join('\n'));
  });
  await desk.close();
}
