// Credibility checks (R5.2) and complaint keywords (R7.4) on a 360 px phone
// with JavaScript off: rep_east_new taps "已电话沟通" three times on a fresh
// customer — the third is flagged and the fourth refused with the reason;
// lead_east reviews it on /credibility (evidence, 44 px buttons) and clears
// it; the rep records again.  A visit record saying 等太久 marks the
// customer 流程敏感 and its deal lists the service-commitment lock until
// the rep confirms it.  Screenshots, no horizontal scroll.
// Called from run.mjs: await credibility({ browser, base, shots, test, assert }).
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { sql, signedIn as phone, noScroll, reload } from './lib.mjs';

// The product's thresholds for this module (tests/run raises them so suites
// sharing demo data do not freeze each other): append, reload the workers,
// and put the file back afterwards (tests/lib.sh cred_thresholds does the same).
export async function credibility(ctx) {
  const conf = process.env.SG_CONF;
  const saved = conf ? readFileSync(conf, 'utf8') : null;
  if (conf) {
    appendFileSync(conf, 'Credibility.RepeatMax = 2\nCredibility.BurstMax = 4\n');
    await reload();
  }
  try {
    await credibilityChecks(ctx);
  } finally {
    if (conf) {
      writeFileSync(conf, saved);
      await reload();
    }
  }
}

async function credibilityChecks({ browser, base, shots, test, assert }) {
  const rep = sql("SELECT id FROM users WHERE login = 'rep_east_new'");
  const name = `可信度浏览器${Date.now() % 100000}`;
  sql(`INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
       SELECT '${name}', '${name}', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = ${rep}`);
  const cust = sql(`SELECT MAX(id) FROM customer WHERE name = '${name}'`);
  sql(`INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
       SELECT ${cust}, p.id, s.id, ${rep}, (SELECT region_id FROM users WHERE id = ${rep}), '${name}',
       UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
       FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = 1 WHERE p.code = 'standard'`);
  const deal = sql(`SELECT MAX(id) FROM deal WHERE customer_id = ${cust}`);
  const called = `form[action="/customers/${cust}/action"]:has(input[value="called"]) button`;
  let flag = '';
  // entries of this rep in the last minute (an earlier module or run) would
  // count towards the burst rule: start after a quiet minute
  const quiet = Number(sql(`SELECT COALESCE(61 - TIMESTAMPDIFF(SECOND, MAX(at), UTC_TIMESTAMP(6)), 0)
                            FROM activity WHERE user_id = ${rep}`));
  if (quiet > 0) await new Promise(r => setTimeout(r, quiet * 1000));

  await test('360px, no JS: three "called" taps in a minute — the fourth is refused with the reason', async () => {
    const [ctx, p] = await phone(browser, base, 'rep_east_new');
    try {
      for (let i = 1; i <= 3; i++) {
        await p.goto(`${base}/customers/${cust}`);
        await Promise.all([p.waitForNavigation(), p.click(called)]);
        assert(p.url().includes('done=Recorded'), `tap ${i} at ${p.url()}`);
      }
      flag = sql(`SELECT id FROM credibility_flag WHERE user_id = ${rep} AND customer_id = ${cust} AND status = 'open'`);
      assert(flag, 'no open flag after three calls');
      const notice = await p.locator('section.card p.flash.error').count();
      assert(notice === 1, 'the customer page does not say the entries are frozen');
      await p.screenshot({ path: `${shots}/credibility-frozen-customer-360.png`, fullPage: true });
      const [res] = await Promise.all([p.waitForNavigation(), p.click(called)]);
      assert(res && res.status() === 409, `fourth tap: status ${res && res.status()}`);
      const text = await p.textContent('main, body');
      assert(text.includes('等待主管复核'), 'the refusal does not say why');
      await noScroll(p, assert, 'refusal page');
      await p.screenshot({ path: `${shots}/credibility-refused-360.png`, fullPage: true });
    } finally { await ctx.close(); }
  });

  await test('360px, no JS: lead_east sees the flag with its evidence and clears it (44 px buttons)', async () => {
    const [ctx, p] = await phone(browser, base, 'lead_east');
    try {
      const res = await p.goto(`${base}/credibility`);
      assert(res && res.status() === 200, `status ${res && res.status()}`);
      const row = p.locator(`#flag-${flag}`);
      assert(await row.count() === 1, 'the flag is not listed');
      const ev = await row.locator('ol.evidence li').count();
      assert(ev === 3, `${ev} evidence entries`);
      await noScroll(p, assert, '/credibility');
      for (const b of await row.locator('button').all()) {
        const r = await b.boundingBox();
        assert(r && r.height >= 44 && r.x >= 0 && r.x + r.width <= 360, `button box ${JSON.stringify(r)}`);
      }
      await p.screenshot({ path: `${shots}/credibility-review-360.png`, fullPage: true });
      await row.locator('input[name="note"]').fill('已听通话录音');
      await Promise.all([p.waitForNavigation(), row.locator('button[value="cleared"]').click()]);
      assert(p.url().includes('done=Reviewed'), `at ${p.url()}`);
      assert((await p.textContent('.flash.ok')).includes('冻结已解除'), 'no confirmation message');
      assert(sql(`SELECT status FROM credibility_flag WHERE id = ${flag}`) === 'cleared', 'not cleared');
    } finally { await ctx.close(); }
  });

  await test('360px, no JS: after the review the rep records again; 等太久 marks the customer and locks its deal', async () => {
    const [ctx, p] = await phone(browser, base, 'rep_east_new');
    try {
      await p.goto(`${base}/customers/${cust}`);
      assert(await p.locator('section.card p.flash.error').count() === 0, 'still shown as frozen');
      await Promise.all([p.waitForNavigation(), p.click(called)]);
      assert(p.url().includes('done=Recorded'), `at ${p.url()}`);
      await p.fill('#f-core_need', '客户抱怨上次等太久才拿到报价');
      await p.fill('#f-next_step', '周五前给出新报价');
      await Promise.all([p.waitForNavigation(), p.click(`form[action="/customers/${cust}/visit"] button[type=submit]`)]);
      assert((await p.textContent('h1')).includes('流程敏感'), 'no 流程敏感 badge');
      assert(await p.locator(`#service form[action="/customers/${cust}/commitment"]`).count() === 1, 'no commitment form');
      await noScroll(p, assert, 'sensitive customer');
      await p.screenshot({ path: `${shots}/complaint-customer-360.png`, fullPage: true });
      await p.goto(`${base}/deals/${deal}`);
      assert((await p.textContent('body')).includes('服务承诺已确认'), 'the deal does not list the lock');
      await noScroll(p, assert, 'locked deal');
      await p.screenshot({ path: `${shots}/complaint-deal-360.png`, fullPage: true });
      await p.goto(`${base}/customers/${cust}#service`);
      await p.fill('#f-commitment', '报价 24 小时内回复');
      await Promise.all([p.waitForNavigation(), p.click('#service button[type=submit]')]);
      assert(p.url().includes('done=Committed'), `at ${p.url()}`);
      await p.goto(`${base}/deals/${deal}`);
      const open = await p.locator('a[href$="#service"]').count();
      assert(open === 0, 'the lock is still listed after the confirmation');
    } finally { await ctx.close(); }
  });
}
