// Accessibility (axe-core), narrow screens, page weight, the no-inline-code
// rule, and the screenshots in docs/screenshots/.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openPage, closePage, api, settled, searchFor, seriousViolations, horizontalOverflow, screenshot, SEED, TIMEOUT,
} from './helpers.mjs';

let browser;
let seedId;
before(async () => {
  browser = await launch();
  const { body } = await api(`/api/search?q=${encodeURIComponent(`doi:${SEED.doi}`)}&size=1`);
  seedId = body.hits[0]?.id;
  assert.ok(seedId, 'the seed record is in the index');
});
after(async () => { await browser?.close(); });

const searchUrl = `/?q=${encodeURIComponent(SEED.query)}`;

async function openRecord(page) {
  await page.goto(`${searchUrl}&record=${seedId}`);
  await page.locator('#record-title').waitFor();
  await page.waitForFunction(() => document.getElementById('similar-list')?.getAttribute('aria-busy') !== 'true', null, { timeout: TIMEOUT });
}

for (const colorScheme of ['light', 'dark']) {
  test(`axe finds no serious or critical violations (${colorScheme} theme)`, async () => {
    const p = await openPage(browser, { colorScheme });
    const { page } = p;
    await page.goto('/');
    assert.deepEqual(await seriousViolations(page), [], 'landing view');

    await searchFor(page, SEED.query);
    await page.locator('#understood summary').click();
    // Suggestions open, as a user typing sees them.
    await page.locator('#q').focus();
    await page.locator('#q').press('End');
    await page.locator('#q').pressSequentially(' interv', { delay: 30 });
    await page.locator('#suggestions [role="option"]').first().waitFor();
    await page.locator('#q').press('ArrowDown');
    assert.deepEqual(await seriousViolations(page), [], 'search view with suggestions');
    await page.locator('#q').press('Escape');

    await page.goto(`${searchUrl}&journal=${encodeURIComponent('no such journal')}`);
    await settled(page);
    assert.deepEqual(await seriousViolations(page), [], 'search view with a filter chip and no results');

    await openRecord(page);
    await page.locator('details.ris summary').click();
    assert.deepEqual(await seriousViolations(page), [], 'record view');

    await page.goto('/');
    await page.click('#help-button');
    await page.locator('#help').waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'help dialog');
    await closePage(p);
  });
}

test('a 360 px wide screen has no horizontal scroll', async () => {
  const p = await openPage(browser, { width: 360, height: 740 });
  const { page } = p;
  const noOverflow = async (what) => {
    const o = await horizontalOverflow(page);
    assert.ok(o.scrollWidth <= o.clientWidth, `${what}: page is ${o.scrollWidth}px wide in a ${o.clientWidth}px viewport; wide: ${o.wide.join(', ')}`);
  };
  await page.goto('/');
  await noOverflow('landing');
  await searchFor(page, SEED.query);
  await noOverflow('search view');
  await page.click('#filters-toggle');
  await page.locator('#facets').waitFor({ state: 'visible' });
  await noOverflow('search view with filters open');
  await page.click('#export-menu summary');
  await noOverflow('export menu open');
  await openRecord(page);
  await page.locator('details.ris summary').click();
  await noOverflow('record view');
  await page.goto('/');
  await page.click('#help-button');
  await page.locator('#help').waitFor();
  await noOverflow('help dialog');
  await closePage(p);
});

test('screenshots of the search and record views', async () => {
  const desktop = await openPage(browser, { width: 1280, height: 900 });
  await desktop.page.goto('/');
  await desktop.page.locator('#q').pressSequentially(SEED.query, { delay: 10 });
  await desktop.page.waitForFunction((t) => document.querySelector('#results .hit-title')?.textContent === t, SEED.title, { timeout: TIMEOUT });
  await settled(desktop.page);
  await desktop.page.locator('#q').blur();
  await screenshot(desktop.page, 'search-desktop.png');
  await openRecord(desktop.page);
  await screenshot(desktop.page, 'record-desktop.png');
  await closePage(desktop);

  const dark = await openPage(browser, { width: 1280, height: 900, colorScheme: 'dark' });
  await dark.page.goto(searchUrl);
  await settled(dark.page);
  await screenshot(dark.page, 'search-desktop-dark.png');
  await closePage(dark);

  const phone = await openPage(browser, { width: 360, height: 740 });
  await phone.page.goto(searchUrl);
  await settled(phone.page);
  await screenshot(phone.page, 'search-360.png');
  await openRecord(phone.page);
  await screenshot(phone.page, 'record-360.png');
  await closePage(phone);
});

test('first paint transfers under 100 KB of HTML, CSS and JS', async () => {
  const p = await openPage(browser);
  const { page } = p;
  const responses = [];
  page.on('response', (r) => {
    const type = r.request().resourceType();
    if (['document', 'stylesheet', 'script'].includes(type)) responses.push(r);
  });
  await page.goto('/', { waitUntil: 'load' });
  await page.waitForLoadState('networkidle', { timeout: TIMEOUT });
  let transferred = 0;
  const files = [];
  for (const r of responses) {
    const sizes = await r.request().sizes();
    transferred += sizes.responseBodySize + sizes.responseHeadersSize;
    files.push(`${new URL(r.url()).pathname} ${sizes.responseBodySize}`);
  }
  console.log(`page weight: ${(transferred / 1024).toFixed(1)} KB transferred (${files.join(', ')})`);
  assert.ok(responses.length >= 3, 'HTML, CSS and JS were loaded');
  assert.ok(transferred < 100 * 1024, `${transferred} bytes`);
  await closePage(p);
});

test('the page has no inline script, handler or style, and needs nothing from outside', async () => {
  const p = await openPage(browser);
  const { page } = p;
  const violations = [];
  await page.exposeFunction('reportCspViolation', (v) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => window.reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const response = await page.goto('/');
  const html = await response.text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/i, 'no inline <script>');
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handlers');
  assert.doesNotMatch(html, /\sstyle\s*=/i, 'no style attributes');
  assert.doesNotMatch(html, /https?:\/\//i, 'no external URLs in the HTML');
  const csp = response.headers()['content-security-policy'];
  assert.ok(csp, 'the server sends a Content-Security-Policy');
  assert.doesNotMatch(csp.match(/script-src[^;]*/)?.[0] ?? csp.match(/default-src[^;]*/)?.[0] ?? '', /unsafe-inline/);

  await searchFor(page, SEED.query);
  await page.locator('#results a.record-link').first().click();
  await page.locator('#record-title').waitFor();
  assert.deepEqual(violations, [], 'no Content-Security-Policy violations');
  await closePage(p); // also fails on any request off the machine
});
