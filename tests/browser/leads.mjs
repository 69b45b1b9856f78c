// Browser checks of issue 4 (lead intake and leads) on a 360 x 740 phone:
// the public form /f/douyin through the real form (a refused phone, then
// the fixed one and the thank-you page), then rep_east1's lead list and a
// lead page: no horizontal scroll, screenshots, no console errors.
// Called from run.mjs: await leads({ browser, base, shots, test, assert }).
import { PASSWORD, PHONE, watchedPage, overflow, sql as sqlAt } from './lib.mjs';

// Form.MinSeconds is 3: a person takes longer than that to fill the form
const FORM_WAIT_MS = 3300;

// SQL through tests/run's root client, when there is one (null otherwise)
const sql = query => sqlAt(query, { optional: true });

export async function leads({ browser, base, shots, test, assert }) {
  const phoneCtx = () => browser.newContext(PHONE);

  // --- a visitor on the public form ---------------------------------------------------------
  const visitor = await phoneCtx();
  const f = await watchedPage(visitor, { failedRequests: true });
  const name = `浏览器测试${Date.now() % 100000}`;
  const good = `139${String(Date.now() % 100000000).padStart(8, '0')}`;
  await test('360px: /f/douyin opens without signing in, in Chinese', async () => {
    const res = await f.goto(`${base}/f/douyin`);
    assert(res.status() === 200, `status ${res.status()}`);
    assert((await f.textContent('main h1')).includes('留下您的需求'), 'no 留下您的需求');
    assert(await f.locator('#f-email').count() === 0, 'douyin shows an e-mail field');
    // the honeypot is moved off-screen (people never see it), not removed
    const hp = await f.locator('#f-website').boundingBox();
    assert(!hp || hp.x + hp.width <= 0, `the honeypot field is on screen: ${JSON.stringify(hp)}`);
  });
  await test('360px: a bad phone through the real form → the message beside it, the name kept', async () => {
    await f.fill('#f-name', name);
    await f.fill('#f-phone', '12345');
    await f.fill('#f-company', '浏览器测试有限公司');
    await f.check('input[name=intent][value=demo]');
    await f.waitForTimeout(FORM_WAIT_MS);
    f.expected.add('400');
    const [res] = await Promise.all([f.waitForNavigation(), f.click('form.form button[type=submit]')]);
    assert(res.status() === 400, `status ${res.status()}`);
    const msg = await f.textContent('#e-phone');
    assert(msg.includes('请输入有效的手机号'), `phone message "${msg}"`);
    assert(await f.locator('#e-phone').isVisible(), 'phone message not visible');
    assert(await f.inputValue('#f-name') === name, 'name not kept');
    assert(await f.inputValue('#f-phone') === '12345', 'phone not kept');
    assert(await f.inputValue('#f-company') === '浏览器测试有限公司', 'company not kept');
    assert(await f.isChecked('input[name=intent][value=demo]'), 'intent demo not ticked again');
    await f.screenshot({ path: `${shots}/form-360.png`, fullPage: true });
  });
  await test('360px: the refused form has no horizontal scroll', async () => {
    const o = await overflow(f);
    assert(o.scroll <= 360, `scrollWidth ${o.scroll} > 360: ${o.wide.join('; ')}`);
  });
  await test('360px: fixing the phone and sending again → the thank-you page', async () => {
    await f.fill('#f-phone', good);
    await f.waitForTimeout(FORM_WAIT_MS);   // the page came back with a fresh stamp
    f.expected.delete('400');
    const [res] = await Promise.all([f.waitForNavigation(), f.click('form.form button[type=submit]')]);
    assert(res.status() === 200, `status ${res.status()}`);
    assert(f.url() === `${base}/f/douyin/thanks`, `at ${f.url()}`);
    assert((await f.textContent('main')).includes('提交成功'), 'no 提交成功');
    await f.screenshot({ path: `${shots}/form-thanks-360.png`, fullPage: true });
    const row = sql(`SELECT tier, source, company FROM lead WHERE phone = '${good}'`);
    if (row !== null) assert(row === 'high\tform\t浏览器测试有限公司', `lead row "${row}"`);
  });
  await test('360px public form: no console errors or CSP violations', async () => {
    assert(f.problems.length === 0, f.problems.join('\n'));
  });
  await visitor.close();

  // --- rep_east1 on a phone ---------------------------------------------------------------------
  const rep = await phoneCtx();
  const p = await watchedPage(rep, { failedRequests: true });
  await test('360px: rep_east1 signs in and opens /leads', async () => {
    await p.goto(`${base}/login?next=/leads`);
    await p.fill('#f-login', 'rep_east1');
    await p.fill('#f-password', PASSWORD);
    await Promise.all([p.waitForNavigation(), p.click('form[action="/login"] button[type=submit]')]);
    if (!p.url().startsWith(`${base}/leads`)) await p.goto(`${base}/leads`);
    assert(p.url().startsWith(`${base}/leads`), `at ${p.url()}`);
    assert((await p.textContent('main h1')).includes('线索'), 'no 线索 heading');
    const rows = await p.locator('table.list tbody tr').count();
    assert(rows === 50, `${rows} rows on the first page`);
    await p.screenshot({ path: `${shots}/leads-360.png`, fullPage: true });
  });
  await test('360px: /leads has no horizontal scroll', async () => {
    const o = await overflow(p);
    assert(o.scroll <= 360, `scrollWidth ${o.scroll} > 360: ${o.wide.join('; ')}`);
  });
  await test('360px: the filters open and the next-page link works', async () => {
    await p.click('details.filters-box summary');
    assert(await p.locator('#f-tier').isVisible(), 'tier filter not visible');
    const o = await overflow(p);
    assert(o.scroll <= 360, `open filters: scrollWidth ${o.scroll} > 360: ${o.wide.join('; ')}`);
    await p.screenshot({ path: `${shots}/leads-filters-360.png`, fullPage: false });
    await Promise.all([p.waitForNavigation(), p.click('nav.pager a')]);
    assert(/\/leads\?after=\d+/.test(p.url()), `at ${p.url()}`);
  });
  await test('360px: a lead page opens from the list', async () => {
    await p.goto(`${base}/leads?owner=me`);
    await Promise.all([p.waitForNavigation(), p.click('table.list tbody tr:first-child a')]);
    assert(/\/leads\/\d+$/.test(p.url()), `at ${p.url()}`);
    assert(await p.locator('section.card').count() >= 3, 'lead page cards missing');
    assert(await p.locator('form[action$="/action"]').count() > 0, 'no quick actions on an own lead');
    await p.screenshot({ path: `${shots}/lead-360.png`, fullPage: true });
  });
  await test('360px: the lead page has no horizontal scroll', async () => {
    const o = await overflow(p);
    assert(o.scroll <= 360, `scrollWidth ${o.scroll} > 360: ${o.wide.join('; ')}`);
  });
  await test('360px lead pages: no console errors or CSP violations', async () => {
    assert(p.problems.length === 0, p.problems.join('\n'));
  });
  await rep.close();
}
