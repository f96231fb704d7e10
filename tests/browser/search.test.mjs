// The search view: as-you-type results, suggestions, facets and chips,
// sorting and pagination, against the real server and index.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  launch, openPage, closePage, api, settled, searchFor, hitTitles, urlParams, narrowingFacet, SEED, TIMEOUT,
} from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('typing a query shows the seed record first with its terms highlighted', async () => {
  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/');
  await page.locator('#q').pressSequentially(SEED.query, { delay: 25 });
  // No Enter: results come as you type.
  const first = page.locator('#results .hit').first();
  await page.waitForFunction((title) => document.querySelector('#results .hit-title')?.textContent === title, SEED.title, { timeout: TIMEOUT });
  assert.equal(urlParams(page).get('q'), SEED.query);

  const marks = await first.locator('mark').allTextContents();
  assert.ok(marks.length > 0, 'the first hit has highlighted terms');
  for (const m of marks) assert.match(m.toLowerCase(), /immun|checkpoint|interventional|radiolog/, `highlighted "${m}" is a query term`);
  // Highlighting is <mark> only: the snippet markup never becomes other elements.
  assert.equal(await first.locator('.snippet *:not(mark), .hit-title a *:not(mark)').count(), 0);

  assert.equal(await first.locator('a.doi').getAttribute('href'), `https://doi.org/${SEED.doi}`);
  assert.match(await first.locator('.meta').textContent(), /2022/);
  assert.match(await page.locator('#status').textContent(), /^(About )?[\d,]+ results? \([\d.]+ ms\)/);
  assert.equal(await page.locator('#status').getAttribute('aria-live'), 'polite');

  // Long author lists end in "et al.", which expands to every name.
  const { body } = await api(`/api/search?q=${encodeURIComponent(`doi:${SEED.doi}`)}&size=1`);
  const authors = body.hits[0].authors;
  assert.ok(authors.length > 3, 'the seed record has more than three authors');
  const line = first.locator('.authors');
  assert.ok(!(await line.innerText()).includes(authors[3]), 'the fourth author is not shown at first');
  const etAl = line.locator('button.et-al');
  assert.equal(await etAl.getAttribute('aria-expanded'), 'false');
  await etAl.click();
  assert.equal(await etAl.getAttribute('aria-expanded'), 'true');
  for (const name of authors) assert.ok((await line.innerText()).includes(name), `${name} is shown after expanding`);
  await closePage(p);
});

test('the query understood by the server is shown on demand', async () => {
  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/');
  await searchFor(page, SEED.query);
  const { body } = await api(`/api/search?q=${encodeURIComponent(SEED.query)}&size=1`);
  const details = page.locator('#understood');
  assert.equal(await details.evaluate((d) => d.open), false);
  await details.locator('summary').click();
  assert.equal(await page.locator('#understood-text').textContent(), body.understood);
  assert.ok(await page.locator('#understood-text').isVisible());
  await closePage(p);
});

test('suggestions appear while typing and can be chosen with the keyboard', async () => {
  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/');
  const input = page.locator('#q');
  await input.pressSequentially('interv', { delay: 40 });
  const options = page.locator('#suggestions [role="option"]');
  await options.first().waitFor({ state: 'visible' });
  assert.equal(await input.getAttribute('aria-expanded'), 'true');

  await input.press('ArrowDown');
  const activeId = await input.getAttribute('aria-activedescendant');
  assert.equal(await options.first().getAttribute('id'), activeId);
  assert.equal(await options.first().getAttribute('aria-selected'), 'true');
  const chosen = (await options.first().locator(':scope > :not(.kind)').allTextContents()).join('') || await options.first().textContent();
  await input.press('ArrowDown');
  await input.press('ArrowUp');
  assert.equal(await input.getAttribute('aria-activedescendant'), activeId);

  await input.press('Enter');
  assert.equal(await input.getAttribute('aria-expanded'), 'false');
  const value = await input.inputValue();
  assert.ok(value.toLowerCase().includes(chosen.toLowerCase().trim().split(/\s/)[0]), `"${value}" holds the chosen suggestion "${chosen}"`);
  await settled(page);
  assert.ok((await hitTitles(page)).length > 0, 'choosing a suggestion searches');

  // Escape closes the list without clearing the box.
  await input.press('End');
  await input.pressSequentially(' interv', { delay: 40 });
  await options.first().waitFor({ state: 'visible' });
  await input.press('Escape');
  assert.ok(await page.locator('#suggestions').isHidden());
  assert.ok((await input.inputValue()).length > 0);
  await closePage(p);
});

test('"/" focuses the search box', async () => {
  const p = await openPage(browser);
  const { page } = p;
  await page.goto(`/?q=${encodeURIComponent(SEED.query)}`);
  await settled(page);
  await page.locator('#status').click();
  assert.notEqual(await page.evaluate(() => document.activeElement.id), 'q');
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  assert.equal(await page.locator('#q').inputValue(), SEED.query, 'the slash is not typed into the box');
  await closePage(p);
});

test('a facet click filters the results and its chip removes the filter', async () => {
  const query = SEED.query;
  const facet = await narrowingFacet(query);
  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/');
  await searchFor(page, query);
  const statusBefore = await page.locator('#status').textContent();

  const button = page.locator(`#facet-lists button[data-facet="${facet.name}"][data-value="${CSS_escape(facet.value)}"]`);
  if (await button.isHidden()) await page.locator(`#facet-${facet.name}-list`).locator('xpath=..').locator('button.more').click();
  await button.click();
  await page.waitForFunction(({ name, value }) => new URLSearchParams(location.search).getAll(name).includes(value), facet, { timeout: TIMEOUT });
  await settled(page);
  assert.match(await page.locator('#status').textContent(), new RegExp(`^${facet.count} results? `));
  assert.equal(await page.locator(`#facet-lists button[data-facet="${facet.name}"][aria-pressed="true"]`).count(), 1);
  const chip = page.locator('#chips .chip');
  assert.equal(await chip.count(), 1);
  assert.ok((await chip.textContent()).includes(await button.locator('.facet-label').textContent()));
  if (facet.name === 'journal') {
    // Facet values group spellings that fold alike ("European radiology").
    for (const j of await page.locator('#results .hit .journal').allTextContents()) assert.equal(j.toLowerCase(), facet.value.toLowerCase());
  }

  await chip.click();
  await page.waitForFunction((name) => !new URLSearchParams(location.search).has(name), facet.name, { timeout: TIMEOUT });
  await settled(page);
  assert.equal(await page.locator('#chips .chip').count(), 0);
  assert.equal(await page.locator('#status').textContent().then((s) => s.replace(/\(.*\)/, '')), statusBefore.replace(/\(.*\)/, ''));
  await closePage(p);
});

test('the year range can be typed or dragged across the histogram, and shows as a removable chip', async () => {
  const { body } = await api(`/api/search?q=${encodeURIComponent(SEED.query)}&size=1&facets=year`);
  const years = body.facets.year.map((v) => Number(v.value)).sort((a, b) => a - b);
  const from = years.at(-1); // the newest year only
  const expected = body.facets.year.find((v) => Number(v.value) === from).count;
  const p = await openPage(browser);
  const { page } = p;
  await page.goto(`/?q=${encodeURIComponent(SEED.query)}`);
  await settled(page);
  await page.fill('#year-from', String(from));
  await page.press('#year-from', 'Enter');
  await page.waitForFunction((y) => new URLSearchParams(location.search).get('year_from') === String(y), from, { timeout: TIMEOUT });
  await settled(page);
  assert.match(await page.locator('#status').textContent(), new RegExp(`^${expected} results? `));
  for (const meta of await page.locator('#results .hit .meta').allTextContents()) assert.match(meta, new RegExp(String(from)));
  // The histogram still shows the years outside the range.
  assert.equal(await page.locator('#histogram .bar').count(), years.at(-1) - years[0] + 1);
  const chip = page.locator('#chips .chip', { hasText: 'from' });
  await chip.click();
  await page.waitForFunction(() => !new URLSearchParams(location.search).has('year_from'), null, { timeout: TIMEOUT });
  await settled(page);

  // Dragging across the histogram selects the years under the pointer.
  const bars = page.locator('#histogram .bar');
  const a = await bars.first().boundingBox();
  const b = await bars.nth(2).boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height - 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height - 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(({ lo, hi }) => {
    const p = new URLSearchParams(location.search);
    return p.get('year_from') === String(lo) && p.get('year_to') === String(hi);
  }, { lo: years[0], hi: years[0] + 2 }, { timeout: TIMEOUT });
  await settled(page);
  assert.equal(await page.locator('#year-from').inputValue(), String(years[0]));
  assert.equal(await page.locator('#year-to').inputValue(), String(years[0] + 2));
  assert.equal(await page.locator('#chips .chip').textContent().then((t) => t.replace('×', '').trim()), `Years: ${years[0]}–${years[0] + 2}`);
  await closePage(p);
});

test('sorting by newest and oldest orders the hits by year', async () => {
  const p = await openPage(browser);
  const { page } = p;
  await page.goto(`/?q=${encodeURIComponent(SEED.query)}`);
  await settled(page);
  const years = async () => (await page.locator('#results .hit .meta').allTextContents()).map((m) => Number(/\b(1[5-9]\d\d|20\d\d)\b/.exec(m)?.[1] ?? NaN)).filter((y) => !Number.isNaN(y));

  await page.selectOption('#sort', 'date');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === 'date', null, { timeout: TIMEOUT });
  await settled(page);
  const newest = await years();
  assert.ok(newest.length > 1);
  assert.deepEqual(newest, [...newest].sort((a, b) => b - a));

  await page.selectOption('#sort', '-date');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('sort') === '-date', null, { timeout: TIMEOUT });
  await settled(page);
  const oldest = await years();
  assert.deepEqual(oldest, [...oldest].sort((a, b) => a - b));
  await closePage(p);
});

test('pagination walks through the results and back', async () => {
  // A filter-only search over the commonest type gives the longest list.
  const { body } = await api('/api/search?size=1&facets=type');
  const type = body.facets.type[0];
  const size = type.count > 10 ? 10 : Math.max(1, Math.floor(type.count / 3));
  assert.ok(type.count > size, `the index has more than ${size} records of type ${type.value}`);
  const pages = Math.ceil(type.count / size);

  const p = await openPage(browser);
  const { page } = p;
  await page.goto(`/?type=${encodeURIComponent(type.value)}${size === 10 ? '' : `&size=${size}`}`);
  await settled(page);
  const first = await hitTitles(page);
  assert.equal(first.length, size);
  assert.equal(await page.locator('#pager [aria-current="page"]').textContent(), '1');
  assert.equal(await page.locator('#pager a[rel="prev"]').count(), 0, 'no Previous on the first page');

  await page.locator('#pager a[rel="next"]').click();
  await page.waitForFunction(() => new URLSearchParams(location.search).get('page') === '2', null, { timeout: TIMEOUT });
  await settled(page);
  const second = await hitTitles(page);
  assert.equal(await page.locator('#pager [aria-current="page"]').textContent(), '2');
  assert.equal(second.length, Math.min(size, type.count - size));
  assert.equal(second.filter((t) => first.includes(t)).length, 0, 'page 2 shows other records than page 1');
  assert.equal(await page.locator('#results').getAttribute('start'), String(size + 1));
  // Focus moved to the new page's first result, for keyboard users.
  assert.equal(await page.evaluate(() => document.activeElement.closest('.hit') !== null), true);

  await page.locator(`#pager a[aria-label="Page ${pages}"]`).click();
  await page.waitForFunction((n) => new URLSearchParams(location.search).get('page') === String(n), pages, { timeout: TIMEOUT });
  await settled(page);
  assert.equal(await page.locator('#pager a[rel="next"]').count(), 0, 'no Next on the last page');
  assert.equal((await hitTitles(page)).length, type.count - (pages - 1) * size);

  await page.goBack();
  await page.waitForFunction(() => new URLSearchParams(location.search).get('page') === '2', null, { timeout: TIMEOUT });
  await settled(page);
  assert.deepEqual(await hitTitles(page), second);
  await closePage(p);
});

test('a query without matches says so and offers hints', async () => {
  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/');
  await searchFor(page, 'zqxjvw-nothing-matches-this');
  assert.ok(await page.locator('#empty').isVisible());
  assert.match(await page.locator('#empty h2').textContent(), /zqxjvw-nothing-matches-this/);
  assert.match(await page.locator('#status').textContent(), /^0 results/);
  assert.equal(await page.locator('#results .hit').count(), 0);
  assert.ok(await page.locator('#export-menu').isHidden());
  await closePage(p);
});

test('"did you mean" offers the API\'s correction and runs it', async (t) => {
  const typo = 'interventionl radiolgy';
  const { body } = await api(`/api/search?q=${encodeURIComponent(typo)}&size=1`);
  if (!body.suggestion) return t.skip(`the API makes no suggestion for "${typo}"`);
  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/');
  await searchFor(page, typo);
  const link = page.locator('#did-you-mean-link');
  assert.equal(await link.textContent(), body.suggestion);
  await link.click();
  await page.waitForFunction((q) => new URLSearchParams(location.search).get('q') === q, body.suggestion, { timeout: TIMEOUT });
  assert.equal(await page.locator('#q').inputValue(), body.suggestion);
  await closePage(p);
});

test('the help panel lists the syntax and its examples run when clicked', async () => {
  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/');
  await page.click('#help-button');
  const dialog = page.locator('#help');
  await dialog.waitFor({ state: 'visible' });
  const text = await dialog.textContent();
  for (const s of ['title:', 'abstract:', 'author:', 'journal:', 'keyword:', 'doi:', 'type:', 'year:', '[ti]', '[tiab]', '[au]', '[ta]', '[dp]', '[pt]', '[doi]', 'AND', 'OR', 'NOT', 'prefix*']) {
    assert.ok(text.includes(s), `the help mentions ${s}`);
  }
  const example = dialog.locator('button.example[data-query^="doi:"]');
  const q = await example.getAttribute('data-query');
  await example.click();
  await dialog.waitFor({ state: 'hidden' });
  await page.waitForFunction((want) => new URLSearchParams(location.search).get('q') === want, q, { timeout: TIMEOUT });
  await settled(page);
  assert.equal(await page.locator('#q').inputValue(), q);
  assert.equal((await hitTitles(page))[0], SEED.title);
  await closePage(p);
});

// CSS.escape for attribute selectors, outside the browser.
function CSS_escape(s) {
  return s.replace(/["\\]/g, '\\$&');
}
