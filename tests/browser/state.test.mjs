// The URL carries the whole state; errors from the API and from the network
// are shown where the user looks.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openPage, closePage, api, settled, searchFor, hitTitles, urlParams, narrowingFacet, SEED, TIMEOUT,
} from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a bookmarked URL restores the same search, filters, sort, page and record', async () => {
  const facet = await narrowingFacet(SEED.query);
  const first = await openPage(browser);
  await first.page.goto('/');
  await searchFor(first.page, SEED.query);
  await first.page.locator(`#facet-lists button[data-facet="${facet.name}"]`).first().click();
  await first.page.waitForFunction((name) => new URLSearchParams(location.search).has(name), facet.name, { timeout: TIMEOUT });
  await settled(first.page);
  await first.page.selectOption('#sort', 'date');
  await first.page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === 'date', null, { timeout: TIMEOUT });
  await settled(first.page);
  const bookmark = first.page.url();
  const view = async (page) => ({
    q: await page.locator('#q').inputValue(),
    sort: await page.locator('#sort').inputValue(),
    chips: await page.locator('#chips .chip').allTextContents(),
    pressed: await page.locator('#facet-lists [aria-pressed="true"]').count(),
    status: (await page.locator('#status').textContent()).replace(/\(.*\)/, ''),
    titles: await hitTitles(page),
  });
  const before = await view(first.page);
  await closePage(first);

  const second = await openPage(browser, { width: 1000 });
  await second.page.goto(bookmark);
  await settled(second.page);
  assert.deepEqual(await view(second.page), before);
  assert.equal(before.q, SEED.query);
  assert.equal(before.sort, 'date');
  assert.equal(before.chips.length, 1);

  // With a page and an open record too.
  const { body } = await api(`/api/search?q=${encodeURIComponent(SEED.query)}&size=1`);
  const id = body.hits[0].id;
  await second.page.goto(`/?q=${encodeURIComponent(SEED.query)}&record=${encodeURIComponent(id)}`);
  await second.page.locator('#record-title').waitFor();
  assert.equal(await second.page.locator('#record-title').textContent(), SEED.title);
  assert.equal(await second.page.locator('#q').inputValue(), SEED.query);
  await second.page.click('#back-to-results');
  await settled(second.page);
  assert.equal((await hitTitles(second.page))[0], SEED.title);
  assert.equal(urlParams(second.page).get('record'), null);
  await closePage(second);
});

test('Back and Forward move between searches and the record view', async () => {
  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/');
  await searchFor(page, 'liver');
  const liver = await hitTitles(page);
  await searchFor(page, SEED.query);
  await page.locator('#results a.record-link').first().click();
  await page.locator('#record-title').waitFor();
  assert.equal(await page.locator('#record-title').textContent(), SEED.title);
  // Focus follows the user into the record.
  assert.equal(await page.evaluate(() => document.activeElement.id), 'record-title');

  await page.goBack();
  await page.locator('#search-view').waitFor();
  await settled(page);
  assert.equal(urlParams(page).get('q'), SEED.query);
  assert.equal((await hitTitles(page))[0], SEED.title);
  assert.ok(await page.locator('#record-view').isHidden());

  await page.goBack();
  await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'liver', null, { timeout: TIMEOUT });
  await settled(page);
  assert.equal(await page.locator('#q').inputValue(), 'liver');
  assert.deepEqual(await hitTitles(page), liver);

  await page.goForward();
  await page.goForward();
  await page.locator('#record-title').waitFor();
  assert.equal(await page.locator('#record-title').textContent(), SEED.title);
  await closePage(p);
});

test('typing adds one history entry per search, not one per letter', async () => {
  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/');
  const length = await page.evaluate(() => history.length);
  await page.locator('#q').pressSequentially('liver', { delay: 30 });
  await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'liver', null, { timeout: TIMEOUT });
  await page.locator('#q').pressSequentially(' tumor', { delay: 250 }); // slower than the debounce
  await page.waitForFunction(() => new URLSearchParams(location.search).get('q') === 'liver tumor', null, { timeout: TIMEOUT });
  await settled(page);
  assert.equal(await page.evaluate(() => history.length), length + 1);
  await closePage(p);
});

test('a request the API refuses shows its message next to the search box', async () => {
  const bad = 'year:2022..abc';
  const refused = await api(`/api/search?q=${encodeURIComponent(bad)}`);
  assert.equal(refused.status, 400, `the API refuses ${bad}`);
  const message = refused.body.error.message;
  assert.ok(message);

  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/');
  await page.fill('#q', bad);
  await page.press('#q', 'Enter');
  const error = page.locator('#query-error');
  await page.waitForFunction(() => document.getElementById('query-error').textContent !== '', null, { timeout: TIMEOUT });
  assert.equal(await error.textContent(), message);
  assert.ok(await error.isVisible());
  assert.equal(await page.locator('#q').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#q').getAttribute('aria-describedby'), /\bquery-error\b/);
  // Next to the box: inside the search form, right under the input.
  assert.equal(await error.evaluate((e) => e.closest('form')?.id), 'search-form');
  const box = await page.locator('#q').boundingBox();
  const err = await error.boundingBox();
  assert.ok(err.y >= box.y + box.height - 1 && err.y - (box.y + box.height) < 80, 'the message sits under the box');
  assert.equal(await page.locator('#results .hit').count(), 0);

  // Fixing the query clears it.
  await searchFor(page, SEED.query);
  assert.equal(await error.textContent(), '');
  assert.equal(await page.locator('#q').getAttribute('aria-invalid'), null);
  await closePage(p, { allow: [/Failed to load resource: the server responded with a status of 400/] });
});

test('an unreachable server is reported with a way to retry', async () => {
  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/');
  await page.route('**/api/search?**', (route) => route.abort('connectionrefused'));
  await page.fill('#q', SEED.query);
  await page.press('#q', 'Enter');
  const banner = page.locator('#banner');
  await banner.waitFor({ state: 'visible' });
  assert.match(await banner.textContent(), /cannot be reached/);
  assert.equal(await banner.getAttribute('role'), 'alert');
  assert.equal(await page.locator('#query-error').textContent(), '', 'not a query error');

  await page.unroute('**/api/search?**');
  await page.click('#banner-retry');
  await banner.waitFor({ state: 'hidden' });
  await settled(page);
  assert.equal((await hitTitles(page))[0], SEED.title);
  await closePage(p, { allow: [/ERR_CONNECTION_REFUSED|Failed to load resource/] });
});
