// Handoff packages (R6.1/R6.2) on a 360 px phone with JavaScript off:
// rep_east1 opens the presales package on a fresh deal, leaves the
// competitor table empty and is refused with the missing item listed and
// everything typed still there; fills it in and sends; presales1 sees the
// countdown on /handoffs and acknowledges with the button.  Then the
// collaboration report and the admin's types page on a desktop.
// Screenshots, no horizontal scroll, 44 px targets.
// Called from run.mjs: await handoffs({ browser, base, shots, test, assert }).
import { PHONE_NOJS, DESKTOP, sql, signedIn, noScroll, bigEnough } from './lib.mjs';

// a new window signed in as LOGIN: a phone with JavaScript off, or a desktop
const signIn = (browser, base, login, phone) => signedIn(browser, base, login, phone ? PHONE_NOJS : DESKTOP);

export async function handoffs({ browser, base, shots, test, assert }) {
  const rep = sql("SELECT id FROM users WHERE login = 'rep_east1'");
  const name = `交接浏览器${Date.now() % 100000}`;
  // A customer of its own: the demo customers collect what earlier suites
  // record on them (once, in the full suite, something there made the deal
  // page 780 px wide at 360 px — see the session note).
  sql(`INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
       SELECT '${name}客户', '${name}客户', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = ${rep}`);
  const cust = sql(`SELECT MAX(id) FROM customer WHERE name = '${name}客户'`);
  sql(`INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
       SELECT ${cust}, p.id, s.id, ${rep}, (SELECT region_id FROM users WHERE id = ${rep}), '${name}',
       UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
       FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 1 WHERE p.code = 'standard'`);
  const deal = sql(`SELECT MAX(id) FROM deal WHERE name = '${name}'`);
  const type = sql("SELECT id FROM handoff_type WHERE code = 'presales_draft'");
  const form = `#handoffs form:has(input[name="type"][value="${type}"])`;
  let hid = '';

  await test('360px, no JS: an incomplete package is refused, nothing typed is lost; the complete one is sent', async () => {
    const [ctx, p] = await signIn(browser, base, 'rep_east1', true);
    await p.goto(`${base}/deals/${deal}#handoffs`);
    // By keyboard, the way a keyboard or screen-reader user opens it.  (In
    // the full suite a long unbroken contact name once made this page 780 px
    // wide and its cards covered the summary; .card wraps such words now.)
    await p.press(`#handoffs details:has(${form.replace('#handoffs ', '')}) summary`, 'Enter');
    await p.selectOption(`${form} select[name="to"]`, { label: '孙博' });
    await p.fill(`${form} textarea[name="item1"]`, '200 家门店的巡检需求');
    await p.fill(`${form} textarea[name="item3"]`, '预算截图 B-17');
    await Promise.all([p.waitForNavigation(), p.press(`${form} button[type=submit]`, 'Enter')]);
    const alert = await p.locator('#handoffs [role="alert"]').textContent();
    assert(alert.includes('竞品对比表') && !alert.includes('客户需求清单'), `refusal: ${alert}`);
    assert(await p.inputValue(`${form} textarea[name="item1"]`) === '200 家门店的巡检需求', 'item1 lost');
    assert(await p.inputValue(`${form} textarea[name="item3"]`) === '预算截图 B-17', 'item3 lost');
    assert(await p.inputValue(`${form} select[name="to"]`) !== '', 'receiver lost');
    await noScroll(p, assert, 'refused package');
    await bigEnough(p.locator(`${form} button[type=submit]`), assert, 'send button');
    await p.screenshot({ path: `${shots}/handoff-refused-360.png`, fullPage: true });
    await p.fill(`${form} textarea[name="item2"]`, 'A 厂商 / B 厂商 对比');
    await Promise.all([p.waitForNavigation(), p.press(`${form} button[type=submit]`, 'Enter')]);
    assert(p.url().includes('done=HandoffSent'), `at ${p.url()}`);
    hid = sql(`SELECT MAX(id) FROM handoff WHERE deal_id = ${deal}`);
    const li = await p.locator(`#handoffs li[data-handoff="${hid}"]`).textContent();
    assert(li.includes('剩余') && li.includes('待确认'), `countdown on the deal: ${li}`);
    await noScroll(p, assert, 'deal with a package');
    await p.screenshot({ path: `${shots}/handoff-sent-360.png`, fullPage: true });
    await ctx.close();
  });
  await test('360px, no JS: presales sees the countdown and acknowledges', async () => {
    const [ctx, p] = await signIn(browser, base, 'presales1', true);
    await p.goto(`${base}/handoffs`);
    const li = await p.locator(`#received li[data-handoff="${hid}"]`).textContent();
    assert(li.includes('剩余'), `countdown for the receiver: ${li}`);
    await noScroll(p, assert, '/handoffs');
    await p.screenshot({ path: `${shots}/handoffs-presales-360.png`, fullPage: true });
    await p.goto(`${base}/handoffs/${hid}`);
    await bigEnough(p.locator('#act button'), assert, 'receiver buttons');
    await noScroll(p, assert, 'the package');
    await p.screenshot({ path: `${shots}/handoff-package-360.png`, fullPage: true });
    await Promise.all([p.waitForNavigation(), p.click(`form[action="/handoffs/${hid}/ack"] button`)]);
    assert(sql(`SELECT status FROM handoff WHERE id = ${hid}`) === 'acked', 'not acknowledged');
    assert((await p.textContent('body')).includes('已确认接收'), 'no confirmation shown');
    await ctx.close();
  });
  await test('desktop: the collaboration report and the handoff types', async () => {
    const [ctx, p] = await signIn(browser, base, 'director', false);
    await p.goto(`${base}/handoffs/report`);
    const roles = await p.locator('#by-role').textContent();
    assert(roles.includes('售前'), `report by role: ${roles}`);
    await p.screenshot({ path: `${shots}/handoff-report.png`, fullPage: true });
    await ctx.close();
    const [c2, a] = await signIn(browser, base, 'ops', false);
    await a.goto(`${base}/admin/handoffs`);
    assert((await a.locator('section.card').count()) >= 3, 'types listed');
    await a.screenshot({ path: `${shots}/admin-handoffs.png`, fullPage: true });
    await c2.close();
    sql(`UPDATE handoff SET status = 'done', closed_at = UTC_TIMESTAMP(6) WHERE deal_id = ${deal}`);
    sql(`UPDATE deal SET status = 'lost', closed_at = UTC_TIMESTAMP(6) WHERE id = ${deal}`);
  });
}
