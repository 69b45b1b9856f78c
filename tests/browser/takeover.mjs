// Emergency takeover by the routing rules (R8.6) on a 360 px phone with
// JavaScript off: mgr_east opens a leaver's takeover, asks for the routing
// rules' plan, sees who gets what (per receiver and record by record), and
// runs it with the button.  Screenshots, no horizontal scroll, 44 px
// targets.  Called from run.mjs: await takeover({ browser, base, shots, test, assert }).
import { sql, signedIn as phone, noScroll } from './lib.mjs';

function forget() {
  sql(`DELETE FROM lead WHERE source = 'test:browser-takeover';
       DELETE FROM customer WHERE name = '浏览器规则接管客户'`);
  const ids = sql("SELECT COALESCE(GROUP_CONCAT(id), '') FROM users WHERE login = 'browser_leaver'");
  if (ids) sql(`DELETE FROM session WHERE user_id IN (${ids});
                DELETE FROM user_tree WHERE descendant_id IN (${ids}) OR ancestor_id IN (${ids});
                DELETE FROM users WHERE id IN (${ids})`);
}

export async function takeover({ browser, base, shots, test, assert }) {
  forget();
  const lead = sql("SELECT id FROM users WHERE login = 'lead_east'");
  const r1 = sql("SELECT id FROM users WHERE login = 'rep_east1'");
  const u = sql(`INSERT INTO users (login, display_name, password_hash, role_id, team_id, region_id, manager_id, status)
                 SELECT 'browser_leaver', '浏览器离职', password_hash, role_id, team_id, region_id, ${lead}, 'active'
                 FROM users WHERE id = ${r1}; SELECT LAST_INSERT_ID()`);
  sql(`INSERT INTO user_tree (ancestor_id, descendant_id, depth)
       SELECT ancestor_id, ${u}, depth + 1 FROM user_tree WHERE descendant_id = ${lead} UNION ALL SELECT ${u}, ${u}, 0`);
  sql(`INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
       SELECT '浏览器规则接管客户', '浏览器规则接管客户', ${u}, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = ${u}`);
  sql(`INSERT INTO lead (channel_id, name, region_id, tier, status, owner_id, source, sla_due_at, created_at, updated_at)
       SELECT (SELECT id FROM channel WHERE code = 'website'), '浏览器规则接管线索', region_id, 'medium', 'new', ${u},
         'test:browser-takeover', UTC_TIMESTAMP(6) + INTERVAL 1 DAY, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = ${u}`);

  // Earlier suites leave the demo reps with many open leads and customers:
  // give the leaver's region room under the load cap for this test (the cap
  // itself is t0660's subject), and put the caps back afterwards.
  const caps = sql(`SELECT COALESCE(GROUP_CONCAT(CONCAT(id, ':', load_cap)), '') FROM users
                    WHERE region_id = (SELECT region_id FROM users WHERE id = ${r1})`);
  sql(`UPDATE users SET load_cap = 60000 WHERE region_id = (SELECT region_id FROM (SELECT region_id FROM users WHERE id = ${r1}) x)`);
  try {
    await test('360px, no JS: the manager previews a takeover by the routing rules and runs it', async () => {
      const [ctx, p] = await phone(browser, base, 'mgr_east');
      await p.goto(`${base}/takeover/${u}`);
      await Promise.all([p.waitForNavigation(), p.click('#rules form[method="get"] button[type=submit]')]);
      assert(p.url().includes('mode=rules'), `at ${p.url()}`);
      const by = await p.locator('#plan-by tbody tr').count();
      assert(by >= 1 && by <= 2, `${by} receivers in the plan`);
      await p.click('#rules details summary');
      const rows = await p.locator('#plan tbody tr').allTextContents();
      assert(rows.length === 2 && rows.some((r) => r.includes('客户')) && rows.some((r) => r.includes('线索')),
             `plan rows: ${rows.join(' | ')}`);
      assert(!rows.join(' ').includes('浏览器离职'), 'the leaver is in the plan');
      const run = p.locator('#rules form[method="post"] button[type=submit]');
      const box = await run.boundingBox();
      assert(box && box.height >= 44 && box.x >= 0 && box.x + box.width <= 360, `button box ${JSON.stringify(box)}`);
      await noScroll(p, assert, 'the rules preview');
      await p.screenshot({ path: `${shots}/takeover-rules-360.png`, fullPage: true });
      await Promise.all([p.waitForNavigation(), run.click()]);
      assert(p.url().includes('done=TakenOver'), `at ${p.url()}`);
      const left = sql(`SELECT (SELECT COUNT(*) FROM customer WHERE owner_id = ${u}) + (SELECT COUNT(*) FROM lead WHERE owner_id = ${u})`);
      assert(left === '0', `${left} records left with the leaver`);
      assert(sql(`SELECT ops_frozen_at IS NOT NULL FROM users WHERE id = ${u}`) === '1', 'not frozen');
      await p.screenshot({ path: `${shots}/takeover-rules-done-360.png`, fullPage: true });
      await ctx.close();
    });
  } finally {
    for (const pair of caps.split(',').filter(Boolean)) {
      const [id, cap] = pair.split(':');
      sql(`UPDATE users SET load_cap = ${Number(cap)} WHERE id = ${Number(id)}`);
    }
    forget();
  }
}
