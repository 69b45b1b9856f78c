// Four-eyes confirmation (R8.5) on a 360 px phone with JavaScript off:
// rep_east1 saves a quote on a fresh deal and marks a key contact — both
// wait, shown with old and new value (the amount as a band for the rep);
// lead_east confirms the quote and rejects the key contact with the
// buttons.  Screenshots, no horizontal scroll, 44 px targets.
// Called from run.mjs: await foureyes({ browser, base, shots, test, assert }).
import { sql, signedIn as phone, noScroll } from './lib.mjs';

export async function foureyes({ browser, base, shots, test, assert }) {
  const rep = sql("SELECT id FROM users WHERE login = 'rep_east1'");
  const name = `四眼浏览器${Date.now() % 100000}`;
  sql(`INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
       SELECT '${name}', '${name}', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = ${rep}`);
  const cust = sql(`SELECT MAX(id) FROM customer WHERE name = '${name}'`);
  sql(`INSERT INTO contact (customer_id, name, title, is_key, decision_maker, created_at)
       VALUES (${cust}, '李主任', '设备科主任', 0, 1, UTC_TIMESTAMP(6))`);
  sql(`INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, amount, stage_entered_at, created_at, updated_at)
       SELECT ${cust}, p.id, s.id, ${rep}, (SELECT region_id FROM users WHERE id = ${rep}), '${name}', 300000,
       UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
       FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 1 WHERE p.code = 'standard'`);
  const deal = sql(`SELECT MAX(id) FROM deal WHERE customer_id = ${cust}`);

  await test('360px, no JS: the rep saves a quote and marks a key contact; both wait for a second person', async () => {
    const [ctx, p] = await phone(browser, base, 'rep_east1');
    await p.goto(`${base}/deals/${deal}`);
    await p.fill('#facts input[name="amount"]', '880000');
    await Promise.all([p.waitForNavigation(), p.click('#facts form[action$="/facts"] button[type=submit]')]);
    assert(p.url().includes('done=ChangePending'), `at ${p.url()}`);
    await Promise.all([p.waitForNavigation(), p.click('#facts form[action*="/contacts/"][action$="/key"] button')]);
    const pending = await p.locator('#pending li').allTextContents();
    assert(pending.length === 2, `${pending.length} pending changes`);
    const text = pending.join(' ');
    assert(text.includes('10万–50万') && text.includes('50万–100万') && !text.includes('880000'),
           `amount not banded for the rep: ${text}`);
    assert(text.includes('李主任') && text.includes('你提交的'), `key contact change not shown: ${text}`);
    assert(await p.locator('#pending button').count() === 0, 'the author sees confirm buttons');
    assert(sql(`SELECT amount FROM deal WHERE id = ${deal}`) === '300000.00', 'the amount changed before confirmation');
    await noScroll(p, assert, 'deal with pending changes');
    await p.screenshot({ path: `${shots}/foureyes-rep-360.png`, fullPage: true });
    await ctx.close();
  });
  await test('360px, no JS: the team lead confirms the quote and rejects the key contact', async () => {
    const [ctx, p] = await phone(browser, base, 'lead_east');
    await p.goto(`${base}/deals/${deal}#pending`);
    const buttons = p.locator('#pending button');
    assert(await buttons.count() === 4, `${await buttons.count()} decision buttons`);
    for (const b of await buttons.all()) {
      const r = await b.boundingBox();
      assert(r && r.height >= 44 && r.x >= 0 && r.x + r.width <= 360, `button box ${JSON.stringify(r)}`);
    }
    await noScroll(p, assert, 'the decider\'s view');
    await p.screenshot({ path: `${shots}/foureyes-lead-360.png`, fullPage: true });
    const quote = p.locator('#pending li', { hasText: '报价金额' });
    await Promise.all([p.waitForNavigation(), quote.locator('button[value="confirm"]').click()]);
    assert(p.url().includes('done=ChangeConfirmed'), `at ${p.url()}`);
    const key = p.locator('#pending li', { hasText: '关键联系人' });
    await key.locator('input[name="comment"]').fill('先核实职务');
    await Promise.all([p.waitForNavigation(), key.locator('button[value="reject"]').click()]);
    assert(p.url().includes('done=ChangeRejected'), `at ${p.url()}`);
    assert(await p.locator('#pending').count() === 0, 'pending section still shown');
    assert(sql(`SELECT CONCAT(d.amount, '/', k.is_key) FROM deal d JOIN contact k ON k.customer_id = d.customer_id WHERE d.id = ${deal}`)
           === '880000.00/0', 'quote not in force or key contact changed');
    await p.screenshot({ path: `${shots}/foureyes-decided-360.png`, fullPage: true });
    await ctx.close();
  });
  await test('360px, no JS: a technical agreement waits for the team lead, who confirms it', async () => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex'),
                               Buffer.from(`tech${Date.now()}`)]);
    const [ctx, p] = await phone(browser, base, 'rep_east1');
    await p.goto(`${base}/deals/${deal}#attachments`);
    await p.selectOption('#f-kind', 'tech_agreement');
    await p.setInputFiles('#f-file', { name: '技术协议.png', mimeType: 'image/png', buffer: png });
    await Promise.all([p.waitForNavigation(), p.click('#attachments form button[type=submit]')]);
    assert(p.url().includes('done=ChangePending'), `at ${p.url()}`);
    const item = p.locator('#pending li', { hasText: '技术协议' });
    assert(await item.count() === 1, 'no pending technical agreement');
    assert(await item.locator('a.new-file').count() === 1, 'the new version is not linked');
    assert(await p.locator('#attachments li.tech.pending').count() === 1, 'the file is not marked as waiting');
    await noScroll(p, assert, 'deal with a pending technical agreement');
    await p.screenshot({ path: `${shots}/foureyes-tech-rep-360.png`, fullPage: true });
    await ctx.close();
    const [ctx2, q] = await phone(browser, base, 'lead_east');
    await q.goto(`${base}/deals/${deal}#pending`);
    const tech = q.locator('#pending li', { hasText: '技术协议' });
    await Promise.all([q.waitForNavigation(), tech.locator('button[value="confirm"]').click()]);
    assert(q.url().includes('done=ChangeConfirmed'), `at ${q.url()}`);
    assert(await q.locator('#attachments li.tech.in_force').count() === 1, 'the confirmed version is not in force');
    await q.screenshot({ path: `${shots}/foureyes-tech-confirmed-360.png`, fullPage: true });
    await ctx2.close();
  });
  await test('360px, no JS: the four-eyes settings page (admin)', async () => {
    const [ctx, p] = await phone(browser, base, 'admin');
    await p.goto(`${base}/admin/four-eyes`);
    assert(await p.locator('#four-eyes-types input[name="types"]').count() === 3, 'not three types');
    for (const b of await p.locator('#four-eyes-types label.check, #four-eyes-types button').all()) {
      const r = await b.boundingBox();
      assert(r && r.height >= 44 && r.x >= 0 && r.x + r.width <= 360, `target box ${JSON.stringify(r)}`);
    }
    await noScroll(p, assert, 'four-eyes settings');
    await p.screenshot({ path: `${shots}/foureyes-admin-360.png`, fullPage: true });
    await ctx.close();
  });
}
