// Browser checks of issue 9, R11 (the customer-success journey) on a 360 x 740
// phone and a desktop: after a scheduler pass, the CSM follows the renewal
// notice from the inbox to the customer's success page and edits the package
// (touch-sized, no horizontal scroll); another rep of the region reads it
// without a form; a manager opens the monthly scan's list.  Screenshots.
// Called from run.mjs: await renewal({ browser, base, shots, test, assert }).
import { execFileSync } from 'node:child_process';
import { PHONE, DESKTOP, watchedPage, signIn } from './lib.mjs';

export async function renewal({ browser, base, shots, test, assert }) {
  // the demo's contract ending in 80 days gets its package from a scheduler pass
  if (process.env.SG_BIN && process.env.SG_CONF)
    execFileSync(process.env.SG_BIN, ['tick', '--force', '-c', process.env.SG_CONF], { stdio: 'ignore' });
  const phone = await browser.newContext(PHONE);
  const p = await watchedPage(phone);
  let success = '';
  await test('360px: the CSM follows the renewal notice to the success page', async () => {
    await signIn(p, base, 'csm1');
    await p.goto(`${base}/inbox`);
    const link = p.locator('li', { hasText: '续约包已生成' }).locator('a[href^="/customers/"]').first();
    assert(await link.count() === 1, 'no renewal notice with a customer link in the inbox');
    success = `${await link.getAttribute('href')}/success`;
    const res = await p.goto(`${base}${success}`);
    assert(res.status() === 200, `status ${res.status()}`);
    assert(await p.locator('form.renewal textarea[name=talking_points]').count() === 1, 'no package form');
    assert((await p.inputValue('form.renewal textarea[name=history]')).trim() !== '', 'history not prefilled');
    await p.screenshot({ path: `${shots}/renewal-360.png`, fullPage: true, timeout: 60000 });
    const scroll = await p.evaluate(() => document.documentElement.scrollWidth);
    assert(scroll <= 360, `scrollWidth ${scroll} > 360`);
    const b = await p.locator('form.renewal button[type=submit]').boundingBox();
    assert(b && b.height >= 44, `save button height ${b && b.height}`);
  });
  await test('360px: the CSM saves the talking points', async () => {
    await p.fill('form.renewal textarea[name=talking_points]', '二期扩容与续约打包报价；先确认数据迁移问题已解决');
    await Promise.all([p.waitForNavigation(), p.click('form.renewal button[type=submit]')]);
    assert((await p.textContent('.flash')).includes('续约包已保存'), 'no saved message');
    assert((await p.inputValue('form.renewal textarea[name=talking_points]')).startsWith('二期扩容'), 'text not kept');
  });
  await test('360px success page: no console errors or CSP violations', async () => {
    assert(p.problems.length === 0, p.problems.join('\n'));
  });
  await phone.close();

  const desk = await browser.newContext(DESKTOP);
  const d = await watchedPage(desk);
  await test('desktop: another rep of the region reads the package without a form', async () => {
    await signIn(d, base, 'rep_east2');
    const res = await d.goto(`${base}${success}`);
    assert(res.status() === 200, `status ${res.status()}`);
    assert(await d.locator('form.renewal').count() === 0, 'a rep got the package form');
    assert((await d.textContent('.renewal.readonly')).includes('二期扩容'), 'package not readable');
    await d.screenshot({ path: `${shots}/renewal-readonly.png`, fullPage: true, timeout: 60000 });
  });
  await test('desktop: the manager opens the monthly scan from the menu', async () => {
    await d.context().clearCookies();
    await signIn(d, base, 'mgr_east');
    assert(await d.locator('header a[href="/success/gaps"]').count() === 1, 'no link in the menu');
    const res = await d.goto(`${base}/success/gaps`);
    assert(res.status() === 200, `status ${res.status()}`);
    assert(await d.locator('table.gaps tbody tr').count() > 0, 'the demo gap is not listed');
    await d.screenshot({ path: `${shots}/success-gaps.png`, fullPage: true, timeout: 60000 });
    assert(d.problems.length === 0, d.problems.join('\n'));
  });
  await desk.close();
}
