// Browser checks of the customer-facing visit summary (issue 11, 技术答疑摘要)
// on a 360 px phone with JavaScript OFF: rep_east2 records a visit on a
// customer, finds the summary and PDF links on the record and on the chat
// sidebar, opens the print-ready page (no app chrome, fits 360 and 414 px,
// tools ≥ 44 px, hidden when printed), and downloads the PDF.  Screenshots:
// summary-{360,414,desktop,print}.png.
// Called from run.mjs: await summary({ browser, base, shots, test, assert }).
import { PASSWORD, PHONE_NOJS } from './lib.mjs';

export async function summary({ browser, base, shots, test, assert }) {
  const ctx = await browser.newContext(PHONE_NOJS);
  const p = await ctx.newPage();
  p.setDefaultTimeout(15000);
  const problems = [];
  p.on('console', m => { if (m.type() === 'error') problems.push(`${p.url()}: ${m.text()}`); });
  let customerId = 0, visitId = 0;

  await test('summary: rep_east2 records a visit on a customer (phone, no JS)', async () => {
    await p.goto(`${base}/login`);
    await p.fill('input[name=login]', 'rep_east2');
    await p.fill('input[name=password]', PASSWORD);
    await Promise.all([p.waitForNavigation(), p.click('form button[type=submit]')]);
    await p.goto(`${base}/customers`);
    const hrefs = await p.$$eval('a[href^="/customers/"]', as => as.map(a => a.getAttribute('href')));
    // the first customer of theirs that takes a visit record (the list
    // also shows the region's customers of other reps, which do not)
    let first = null;
    for (const h of hrefs.filter(h => /^\/customers\/\d+$/.test(h)).slice(0, 20)) {
      await p.goto(`${base}${h}`);
      if (await p.locator('#f-core_need').count() === 1) { first = h; break; }
    }
    assert(first, 'rep_east2 has no customer to visit');
    customerId = Number(first.split('/')[2]);
    await p.fill('#f-core_need', '希望把灭菌设备的交付周期从6周缩短到3周');
    await p.fill('#f-next_step', '下周二前发送替代方案和报价');
    await p.click(`form[action="/customers/${customerId}/visit"] details summary`);
    await p.fill('#f-detail', '内部：设备科主任偏好国产品牌');
    await Promise.all([p.waitForNavigation(), p.click(`form[action="/customers/${customerId}/visit"] button[type=submit]`)]);
    const link = p.locator('ol.timeline li').first().locator('a.summary-link').first();
    assert(await link.count() === 1, 'no summary link on the saved visit record');
    const href = await link.getAttribute('href');
    visitId = Number((href.match(/^\/visits\/(\d+)\/summary$/) || [])[1] || 0);
    assert(visitId > 0, `odd summary link ${href}`);
    const box = await link.boundingBox();
    assert(box.height >= 44 && box.width >= 44, `summary link ${box.width}x${box.height}`);
  });

  await test('summary: the chat sidebar links the visit\'s summary too', async () => {
    await p.goto(`${base}/customers/${customerId}/sidebar`);
    assert(await p.locator(`#recent a[href="/visits/${visitId}/summary"]`).count() === 1, 'no summary link on the sidebar');
    assert(await p.locator(`#recent a[href="/visits/${visitId}/summary.pdf"]`).count() === 1, 'no PDF link on the sidebar');
  });

  await test('summary: the print-ready page fits a phone, without app chrome', async () => {
    await p.goto(`${base}/visits/${visitId}/summary`);
    assert((await p.textContent('h1')).includes('技术答疑摘要'), 'no 技术答疑摘要 title');
    const text = await p.textContent('body');
    assert(text.includes('交付周期') && text.includes('替代方案'), 'need or next step missing');
    assert(!text.includes('设备科主任偏好'), 'the internal detail is on the customer-facing page');
    assert(await p.locator('header.topbar, nav.mainnav').count() === 0, 'app chrome on the summary');
    for (const [w, h] of [[360, 740], [414, 896]]) {
      await p.setViewportSize({ width: w, height: h });
      const o = await p.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        small: [...document.querySelectorAll('.tools a')].map(a => a.getBoundingClientRect())
          .filter(r => r.height < 44 || r.width < 44).length,
      }));
      assert(o.scroll <= w, `summary at ${w}px: scrollWidth ${o.scroll}`);
      assert(o.small === 0, `summary at ${w}px: ${o.small} tool links under 44 px`);
      await p.screenshot({ path: `${shots}/summary-${w}.png`, fullPage: true });
    }
    assert(problems.length === 0, problems.join('; '));
  });

  await test('summary: on paper the tools are hidden (print CSS, A4)', async () => {
    await p.setViewportSize({ width: 794, height: 1123 });   // A4 at 96 dpi
    await p.emulateMedia({ media: 'print' });
    assert(!(await p.locator('nav.tools').isVisible()), 'the tools show when printed');
    await p.screenshot({ path: `${shots}/summary-print.png`, fullPage: true });
    await p.emulateMedia({ media: 'screen' });
    await p.setViewportSize({ width: 1280, height: 900 });
    await p.screenshot({ path: `${shots}/summary-desktop.png`, fullPage: true });
  });

  await test('summary: the PDF link downloads a PDF', async () => {
    const r = await ctx.request.get(`${base}/visits/${visitId}/summary.pdf`);
    assert(r.status() === 200, `status ${r.status()}`);
    assert((r.headers()['content-type'] || '').startsWith('application/pdf'), r.headers()['content-type']);
    const body = await r.body();
    assert(body.subarray(0, 5).toString() === '%PDF-', 'not a PDF');
  });
  await ctx.close();
}
