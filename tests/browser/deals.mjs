// Browser checks of issue 7 (deals pipeline): as rep_east1 on a 360 px
// phone, a fresh deal is advanced with nothing done and every missing item
// is read (each a link to where it is done); a 2-page PDF where 3 pages are
// required is refused in the form, the chosen kind kept; the NMPA checklist
// of a hospital deal in 临床试用; on a desktop, the board with stale cards in
// red and a drag-and-drop that shows the refusal in place (static/js, no
// inline script).  Screenshots, no horizontal scroll, no console errors.
// Called from run.mjs: await deals({ browser, base, shots, test, assert }).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PHONE, watchedPage, overflow, signIn, sql } from './lib.mjs';

function newDeal(pipeline, position, name, hoursAgo = 0) {
  const rep = sql("SELECT id FROM users WHERE login = 'rep_east1'");
  sql(`INSERT INTO customer (name, name_norm, owner_id, region_id, created_at, updated_at)
       SELECT '${name}', '${name}', id, region_id, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM users WHERE id = ${rep}`);
  sql(`INSERT INTO deal (customer_id, pipeline_id, stage_id, owner_id, region_id, name, stage_entered_at, created_at, updated_at)
       SELECT (SELECT MAX(id) FROM customer), p.id, s.id, ${rep}, (SELECT region_id FROM users WHERE id = ${rep}), '${name}',
       UTC_TIMESTAMP(6) - INTERVAL ${hoursAgo} HOUR, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)
       FROM pipeline p JOIN stage s ON s.pipeline_id = p.id AND s.position = ${position} WHERE p.code = '${pipeline}'`);
  return sql('SELECT MAX(id) FROM deal');
}

export async function deals({ browser, base, shots, test, assert }) {
  const dir = mkdtempSync(join(tmpdir(), 'sg-deals-'));
  writeFileSync(join(dir, 'raw.pdf'), ['%PDF-1.4', '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
    'trailer << /Root 1 0 R >>', '%%EOF', ''].join('\n'));
  try { execFileSync('qpdf', [join(dir, 'raw.pdf'), join(dir, 'one.pdf')], { stdio: 'ignore' }); } catch (e) { /* repaired with warnings */ }
  execFileSync('qpdf', ['--empty', '--pages', join(dir, 'one.pdf'), join(dir, 'one.pdf'), '--', join(dir, 'two.pdf')], { stdio: 'ignore' });

  const fresh = newDeal('standard', 1, `浏览器商机${Date.now() % 100000}`);
  const proposal = newDeal('standard', 3, `浏览器方案${Date.now() % 100000}`);
  const trial = newDeal('hospital', 4, `浏览器试用${Date.now() % 100000}`);
  newDeal('standard', 1, `浏览器停滞${Date.now() % 100000}`, 200);   // past the 72 h limit

  const phone = await browser.newContext(PHONE);
  const p = await watchedPage(phone);
  await signIn(p, base, 'rep_east1');

  await test('deals: the list fits a 360 px phone', async () => {
    await p.goto(`${base}/deals?owner=me`);
    assert(await p.locator(`a[href="/deals/${fresh}"]`).count() === 1, 'the fresh deal is not listed');
    const o = await overflow(p);
    assert(o.scroll <= o.client, `horizontal scroll ${o.scroll} > ${o.client}: ${o.wide.join(', ')}`);
    await p.screenshot({ path: `${shots}/deals-360.png`, fullPage: true });
  });

  await test('deals: advancing with nothing done lists every missing item with a link', async () => {
    await p.goto(`${base}/deals/${fresh}`);
    p.expected.add('409');
    await Promise.all([p.waitForNavigation(), p.click('#move button.primary')]);
    const alert = p.locator('#refusal');
    assert(await alert.count() === 1, 'no refusal shown');
    const text = await alert.textContent();
    assert(text.includes('还不能推进'), 'no heading');
    assert(text.includes('至少2次有效沟通'), 'the communications rule is not named');
    const href = await alert.locator('a').first().getAttribute('href');
    assert(href === `/deals/${fresh}#actions`, `link ${href}`);
    const o = await overflow(p);
    assert(o.scroll <= o.client, `horizontal scroll ${o.scroll} > ${o.client}: ${o.wide.join(', ')}`);
    await p.screenshot({ path: `${shots}/deal-refused-360.png`, fullPage: true });
  });

  await test('deals: touch targets of the deal page are at least 44 px high', async () => {
    const small = await p.evaluate(() => [...document.querySelectorAll('main button, main select, main input:not([type=hidden]):not([type=checkbox]):not([type=file])')]
      .filter(e => e.getBoundingClientRect().height > 0 && e.getBoundingClientRect().height < 43.5)
      .slice(0, 5).map(e => `${e.tagName}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().height)}`));
    assert(small.length === 0, small.join(', '));
  });

  await test('deals: a 2-page PDF where 3 are required is refused in the form, the kind kept', async () => {
    await p.goto(`${base}/deals/${proposal}#attachments`);
    await p.selectOption('#f-kind', 'competitor_comparison');
    await p.setInputFiles('#f-file', join(dir, 'two.pdf'));
    p.expected.add('422');
    await Promise.all([p.waitForNavigation(), p.click('form[action$="/attachments"] button[type=submit]')]);
    const err = await p.textContent('#e-file');
    assert(err.includes('PDF 页数不足'), `error: ${err}`);
    assert(await p.inputValue('#f-kind') === 'competitor_comparison', 'the kind was not kept');
    await p.locator('#attachments').screenshot({ path: `${shots}/deal-upload-refused-360.png` });
  });

  await test('deals: the NMPA checklist of a deal in 临床试用 has 12 items', async () => {
    await p.goto(`${base}/deals/${trial}#checklist`);
    const n = await p.locator('#checklist li[id^=item-]').count();
    assert(n === 12, `${n} items`);
    assert((await p.textContent('#checklist')).includes('试用设备序列号登记'), 'serial number item missing');
    await p.locator('#checklist').screenshot({ path: `${shots}/deal-nmpa-360.png` });
    await p.goto(`${base}/deals/${trial}/compliance`);
    const o = await overflow(p);
    assert(o.scroll <= o.client, `horizontal scroll ${o.scroll} > ${o.client}: ${o.wide.join(', ')}`);
    await p.screenshot({ path: `${shots}/deal-compliance-360.png`, fullPage: true });
  });

  await test('deals: the board fits a 360 px phone', async () => {
    await p.goto(`${base}/board`);
    const o = await overflow(p);
    assert(o.scroll <= o.client, `horizontal scroll ${o.scroll} > ${o.client}: ${o.wide.join(', ')}`);
    await p.screenshot({ path: `${shots}/board-360.png` });
  });

  await test('deals: my tasks and the compliance report fit a 360 px phone', async () => {
    for (const path of ['/tasks', '/compliance']) {
      await p.goto(`${base}${path}`);
      const o = await overflow(p);
      assert(o.scroll <= o.client, `${path}: horizontal scroll ${o.scroll} > ${o.client}: ${o.wide.join(', ')}`);
    }
    await p.screenshot({ path: `${shots}/compliance-360.png`, fullPage: true });
  });

  await test('deals: no console errors on the phone pages', async () => {
    assert(p.problems.length === 0, p.problems.join('\n'));
  });
  await phone.close();

  const desk = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
  const d = await watchedPage(desk);
  await signIn(d, base, 'rep_east1');

  await test('deals: the board shows stale cards in red', async () => {
    await d.goto(`${base}/board`);
    const stale = d.locator('.kcard.stale');
    assert(await stale.count() > 0, 'no stale card');
    const color = await stale.first().evaluate(e => getComputedStyle(e).borderLeftColor);
    assert(color === 'rgb(198, 40, 40)', `border ${color}`);
    assert(await stale.first().locator('.badge.bad').count() > 0, 'no red badge');
    await d.screenshot({ path: `${shots}/board.png`, fullPage: false });
  });

  await test('deals: drag-and-drop to the next stage shows the refusal in place', async () => {
    const card = d.locator(`.kcard[data-deal="${fresh}"]`);
    assert(await card.count() === 1, 'card not on the board');
    const next = await card.getAttribute('data-next');
    d.expected.add('409');
    // the card may sit far down a long column: the drag is dispatched as
    // the browser would (dragstart on the card, dragover and drop on the
    // column) instead of moving the mouse across a scrolled page
    await d.evaluate(([id, to]) => {
      const dt = new DataTransfer();
      const c = document.querySelector(`.kcard[data-deal="${id}"]`);
      const col = document.querySelector(`.column[data-stage="${to}"]`);
      c.dispatchEvent(new DragEvent('dragstart', { bubbles: true, dataTransfer: dt }));
      col.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
      col.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    }, [fresh, next]);
    const box = card.locator('.refusal');
    await box.waitFor({ state: 'visible' });
    const text = await box.textContent();
    assert(text.includes('至少2次有效沟通'), `refusal: ${text}`);
    assert(await box.locator(`a[href="/deals/${fresh}#actions"]`).count() === 1, 'no link to the actions');
    assert(sql(`SELECT s.position FROM deal d JOIN stage s ON s.id = d.stage_id WHERE d.id = ${fresh}`) === '1', 'the deal moved');
    await card.screenshot({ path: `${shots}/board-drag-refused.png` });
  });

  await test('deals: no console errors or CSP violations on the board', async () => {
    assert(d.problems.length === 0, d.problems.join('\n'));
  });
  await desk.close();

  // without JavaScript the card's own button goes through the same checks
  const nojs = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
  const n = await watchedPage(nojs);
  await signIn(n, base, 'rep_east1');
  await test('deals: without JavaScript a card\'s advance button is refused with the list', async () => {
    await n.goto(`${base}/board`);
    n.expected.add('409');
    await Promise.all([n.waitForNavigation(),
      n.click(`.kcard[data-deal="${fresh}"] form[action="/deals/${fresh}/move"] button[type=submit] >> text=推进`)]);
    const text = await n.textContent('#refusal');
    assert(text.includes('至少2次有效沟通'), `refusal: ${text}`);
  });
  await nojs.close();

  const admin = await browser.newContext({ locale: 'zh-CN', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const a = await watchedPage(admin);
  await signIn(a, base, 'ops');
  await test('deals: the pipelines admin page fits a 360 px phone', async () => {
    await a.goto(`${base}/admin/pipelines`);
    assert((await a.textContent('main')).includes('试用设备序列号登记'), 'NMPA items not shown');
    const o = await overflow(a);
    assert(o.scroll <= o.client, `horizontal scroll ${o.scroll} > ${o.client}: ${o.wide.join(', ')}`);
    const small = await a.evaluate(() => [...document.querySelectorAll('main button, main select, main input:not([type=hidden]):not([type=checkbox])')]
      .filter(e => e.getBoundingClientRect().height > 0 && e.getBoundingClientRect().height < 43.5)
      .slice(0, 5).map(e => `${e.tagName}#${e.id} ${Math.round(e.getBoundingClientRect().height)}`));
    assert(small.length === 0, `small touch targets: ${small.join(', ')}`);
    await a.screenshot({ path: `${shots}/admin-pipelines-360.png` });
    assert(a.problems.length === 0, a.problems.join('\n'));
  });
  await admin.close();
}
