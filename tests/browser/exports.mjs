// Browser checks of issue 6, as the "How it will be checked" says:
// a lead whose name is a formula arrives through the public form; rep_east1
// (360 px phone, no JavaScript) requests an export of it with a preview,
// cannot download before approval; lead_east approves in the inbox; the rep
// downloads once (BOM, Chinese, the formula neutralised, masked) and the
// second try is refused.  rep_east_new trips the escalation breaker on the
// 6th request; mgr_south takes over rep_expired, who then can no longer
// export.  Screenshots at 360 px; no horizontal scroll; no console errors.
// Called from run.mjs: await exports({ browser, base, shots, test, assert }).

import { PHONE_NOJS, DESKTOP, watch as watchPage, signIn as signInAt, noScroll as fits } from './lib.mjs';

export async function exports({ browser, base, shots, test, assert }) {
  const phone = () => browser.newContext(PHONE_NOJS);
  const problems = [];
  const watch = p => {
    watchPage(p, { into: problems, pageErrors: false });
    // the refusals this module provokes on purpose answer 403 / 429
    p.expected.add('403').add('429');
  };
  const signIn = async (p, login) => {
    await signInAt(p, base, login);
    assert(!p.url().includes('/login'), `${login} did not sign in (at ${p.url()})`);
  };
  const noScroll = (p, what) => fits(p, assert, what, { scope: 'body' });
  const tag = `T${Date.now() % 100000000}`;
  const company = `导出浏览器测试${tag}`;

  const repCtx = await phone();
  const rep = await repCtx.newPage();
  watch(rep);
  const mgrCtx = await browser.newContext(DESKTOP);
  const mgr = await mgrCtx.newPage();
  watch(mgr);
  let exportUrl = '';
  let link = '';

  await test('issue 6: a lead named =HYPERLINK(…) arrives through the public form', async () => {
    const f = await repCtx.newPage();
    watch(f);
    await f.goto(`${base}/f/website`);
    await f.fill('#f-name', '=HYPERLINK("http://evil.example","点我")');
    await f.fill('#f-phone', `139${String(Date.now() % 100000000).padStart(8, '0')}`);
    await f.fill('#f-company', company);
    await f.fill('#f-region_code', '310101');
    await f.waitForTimeout(3500);   // Form.MinSeconds
    await Promise.all([f.waitForNavigation(), f.click('form.form button[type=submit]')]);
    assert(f.url().endsWith('/f/website/thanks'), `at ${f.url()}: ${(await f.textContent('main')).slice(0, 200)}`);
    await f.close();
  });

  await test('360px, no JavaScript: rep_east1 previews and requests an export', async () => {
    await signIn(rep, 'rep_east1');
    await rep.click('nav.mainnav details.more > summary');   // folded under 更多
    await Promise.all([rep.waitForNavigation(), rep.click('nav.mainnav a[href="/exports"]')]);
    await Promise.all([rep.waitForNavigation(), rep.click('a[href="/exports/new"]')]);
    await rep.fill('#f-q', company);
    await Promise.all([rep.waitForNavigation(), rep.click('button[formaction="/exports/preview"]')]);
    const prev = await rep.textContent('#preview');
    assert(/行数\s*1\s*行/.test(prev.replace(/\s+/g, ' ')), `preview: ${prev.replace(/\s+/g, ' ')}`);
    assert(prev.includes('电话') && prev.includes('最近修改'), 'no sensitive count or latest change');
    await rep.screenshot({ path: `${shots}/export-preview-360.png`, fullPage: true });
    await noScroll(rep, 'preview');
    await rep.fill('#f-reason', '浏览器测试：季度回访');
    await Promise.all([rep.waitForNavigation(), rep.click('form.form button.primary')]);
    assert(/\/exports\/\d+\?done=Requested$/.test(rep.url()), `at ${rep.url()}`);
    exportUrl = rep.url().replace(/\?.*/, '');
    assert((await rep.textContent('main')).includes('待审批'), 'not pending');
    assert(await rep.locator('#download').count() === 0, 'a download link before approval');
    await rep.screenshot({ path: `${shots}/export-pending-360.png`, fullPage: true });
    await noScroll(rep, 'request page');
  });

  await test('the rep cannot download before approval (crafted link → 403)', async () => {
    const r = await repCtx.request.get(`${exportUrl}/download?t=${'0'.repeat(64)}`);
    assert(r.status() === 403, `status ${r.status()}`);
    assert(!(r.headers()['content-type'] || '').includes('text/csv'), 'a CSV came back');
  });

  await test('lead_east approves it from the inbox', async () => {
    await signIn(mgr, 'lead_east');
    await mgr.goto(`${base}/exports`);
    const id = exportUrl.split('/').pop();
    await Promise.all([mgr.waitForNavigation(), mgr.click(`#inbox a[href="/exports/${id}"] >> nth=0`)]);
    assert((await mgr.textContent('main')).includes('浏览器测试：季度回访'), 'reason not shown');
    await mgr.fill('#f-reason', '同意');
    await Promise.all([mgr.waitForNavigation(), mgr.click('form[action$="/approve"] button.primary')]);
    assert(mgr.url().endsWith('?done=Approved'), `at ${mgr.url()}`);
    await mgr.screenshot({ path: `${shots}/export-approved.png`, fullPage: true });
  });

  await test('360px: the rep downloads once: BOM, Chinese header, formula neutralised, phone masked or own', async () => {
    await rep.goto(exportUrl);
    link = await rep.getAttribute('#download', 'href');
    assert(link && /download\?t=[0-9a-f]{64}$/.test(link), `link ${link}`);
    await rep.screenshot({ path: `${shots}/export-ready-360.png`, fullPage: true });
    await noScroll(rep, 'ready page');
    const r = await repCtx.request.get(`${base}${link}`);
    assert(r.status() === 200, `status ${r.status()}`);
    assert(r.headers()['content-type'].startsWith('text/csv'), r.headers()['content-type']);
    const body = await r.body();
    assert(body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf, 'no BOM');
    const text = body.toString('utf8').slice(1);
    const lines = text.split('\r\n').filter(Boolean);
    assert(lines[0].startsWith('编号,名称,公司,电话'), `header ${lines[0]}`);
    assert(lines.length === 2, `${lines.length} lines`);
    assert(lines[1].includes(`"'=HYPERLINK(""http://evil.example"",""点我"")"`), `row ${lines[1]}`);
    assert(!/(^|,)"?[=+@-]/.test(lines[1].replace(/^\d+,/, ',')), `a formula cell left: ${lines[1]}`);
    assert(/139\*\*\*\*\d{4}/.test(lines[1]), `phone not masked for a lead rep_east1 does not own: ${lines[1]}`);
  });

  await test('the second download is refused and says so', async () => {
    await rep.goto(`${base}${link}`);
    assert((await rep.textContent('main')).includes('已经用过'), 'no "used" message');
    await rep.screenshot({ path: `${shots}/export-used-360.png`, fullPage: true });
    await noScroll(rep, 'refused download');
  });
  await repCtx.close();
  await mgrCtx.close();

  await test('360px: the 6th escalation request within an hour trips the breaker', async () => {
    const ctx = await phone();
    const p = await ctx.newPage();
    watch(p);
    await signIn(p, 'rep_east_new');
    await p.click('nav.mainnav details.more > summary');   // folded under 更多
    await Promise.all([p.waitForNavigation(), p.click('nav.mainnav a[href="/escalations"]')]);
    await p.screenshot({ path: `${shots}/escalations-360.png`, fullPage: true });
    await noScroll(p, '/escalations');
    let last = '';
    for (let i = 1; i <= 6; i++) {
      await p.goto(`${base}/escalations`);
      if ((await p.textContent('main')).includes('已被暂停')) { last = 'paused'; break; }
      await p.check('input[name="kind"][value="scope"]');
      await p.selectOption('#f-scope', 'all');
      await p.fill('#f-days', '1');
      await p.fill('#f-reason', `浏览器第 ${i} 次`);
      await Promise.all([p.waitForNavigation(), p.click('#new button.primary')]);
      last = await p.textContent('main');
      if (last.includes('已超过 5 次')) { last = `tripped at ${i}`; break; }
    }
    assert(/^tripped at \d$|^paused$/.test(last), `never tripped: ${last.slice(0, 200)}`);
    await p.screenshot({ path: `${shots}/escalation-tripped-360.png`, fullPage: true });
    await noScroll(p, 'tripped');
    await ctx.close();
  });

  await test('the security role sees the alert and lifts the pause', async () => {
    const ctx = await browser.newContext({ locale: 'zh-CN' });
    const p = await ctx.newPage();
    watch(p);
    await signIn(p, 'admin');
    await p.click('nav.mainnav details.more > summary');   // folded under 更多
    await Promise.all([p.waitForNavigation(), p.click('nav.mainnav a[href="/security/alerts"]')]);
    const row = p.locator('tr', { hasText: 'rep_east_new' }).filter({ has: p.locator('button') }).first();
    assert(await row.count() === 1, 'no open alert for rep_east_new');
    await p.screenshot({ path: `${shots}/alerts.png`, fullPage: true });
    await Promise.all([p.waitForNavigation(), row.locator('button').click()]);
    assert(p.url().endsWith('?done=AlertResolved'), `at ${p.url()}`);
    await ctx.close();
  });

  await test('360px: mgr_south takes over rep_expired; rep_expired can no longer export', async () => {
    const ctx = await phone();
    const p = await ctx.newPage();
    watch(p);
    await signIn(p, 'mgr_south');
    await p.click('nav.mainnav details.more > summary');   // folded under 更多
    await Promise.all([p.waitForNavigation(), p.click('nav.mainnav a[href="/takeover"]')]);
    await noScroll(p, '/takeover');
    await Promise.all([p.waitForNavigation(), p.click('table.list a:has-text("吴刚")')]);
    await p.screenshot({ path: `${shots}/takeover-preview-360.png`, fullPage: true });
    await noScroll(p, 'takeover preview');
    await p.check('input[name="to"] >> nth=0');
    await Promise.all([p.waitForNavigation(), p.click('form button.danger')]);
    assert(p.url().endsWith('?done=TakenOver'), `at ${p.url()}: ${(await p.textContent('main')).slice(0, 200)}`);
    const counts = await p.locator('#preview strong').allTextContents();
    assert(counts.join(',') === '0,0,0,0', `still owns ${counts.join(',')}`);   // customers, deals, leads, open tasks
    assert((await p.textContent('#preview')).includes('敏感操作已冻结'), 'not shown as frozen');
    await p.screenshot({ path: `${shots}/takeover-done-360.png`, fullPage: true });
    await ctx.close();
    const c2 = await phone();
    const q = await c2.newPage();
    watch(q);
    await signIn(q, 'rep_expired');
    assert(await q.locator('nav.mainnav a[href="/exports"]').count() === 0, 'export link still in the nav');
    const r = await q.goto(`${base}/exports/new`);
    assert(r.status() === 403, `GET /exports/new → ${r.status()}`);
    await c2.close();
  });

  await test('issue 6 pages: no console errors or CSP violations', async () => {
    assert(problems.length === 0, problems.join('\n'));
  });
}
