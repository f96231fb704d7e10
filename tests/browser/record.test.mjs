// The record view (fields, abstract, similar records, copy-citation, export
// of the record) and the export of a whole search.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import {
  launch, openPage, closePage, api, searchFor, urlParams, SEED, TIMEOUT,
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

test('the record view shows every field, the whole abstract and similar records', async () => {
  const { body: rec } = await api(`/api/records/${seedId}`);
  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/');
  await searchFor(page, SEED.query);
  await page.locator('#results a.record-link').first().click();
  await page.waitForFunction(() => new URLSearchParams(location.search).has('record'), null, { timeout: TIMEOUT });
  const view = page.locator('#record-view');
  await page.locator('#record-title').waitFor();
  assert.equal(urlParams(page).get('record'), seedId);
  assert.equal(await page.locator('#record-title').textContent(), SEED.title);
  assert.match(await page.title(), /^Synergizing liver/);
  assert.ok(await page.locator('#search-view').isHidden());

  // The abstract in full, as text (never as markup).
  assert.ok(rec.abstract, 'the seed record has an abstract');
  assert.equal(await view.locator('.abstract').textContent(), rec.abstract);
  const fields = await view.locator('.fields').textContent();
  for (const name of rec.authors) assert.ok(fields.includes(name), `author ${name} is shown`);
  for (const value of [rec.journal, rec.doi, String(rec.year), rec.volume, rec.issue, rec.pmid, ...(rec.keywords ?? [])].filter(Boolean)) {
    assert.ok(fields.includes(value), `${value} is shown`);
  }
  assert.equal(await view.locator(`.fields a[href="https://doi.org/${SEED.doi}"]`).count(), 1);
  // The original tags, every one of them.
  await view.locator('details.ris summary').click();
  assert.equal(await view.locator('details.ris tbody tr').count(), rec.ris.length);

  // Similar records: the API's list, without the record itself.
  const { body: similar } = await api(`/api/records/${seedId}/similar?size=5`);
  const list = view.locator('#similar-list .hit-title');
  if (similar.hits.length === 0) {
    await page.waitForFunction(() => document.getElementById('similar-status').textContent === 'No similar records.', null, { timeout: TIMEOUT });
  } else {
    await list.first().waitFor();
    assert.deepEqual(await list.allTextContents(), similar.hits.map((h) => h.title));
    assert.equal(await view.locator(`#similar-list a[data-record="${seedId}"]`).count(), 0);
    await list.first().locator('a').click();
    await page.waitForFunction((id) => new URLSearchParams(location.search).get('record') === id, similar.hits[0].id, { timeout: TIMEOUT });
    await page.waitForFunction((t) => document.getElementById('record-title')?.textContent === t, similar.hits[0].title, { timeout: TIMEOUT });
    await page.goBack();
    await page.waitForFunction((t) => document.getElementById('record-title')?.textContent === t, SEED.title, { timeout: TIMEOUT });
  }
  await closePage(p);
});

test('copy citation puts a reference with the DOI on the clipboard', async () => {
  const p = await openPage(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  const { page } = p;
  await page.goto(`/?record=${seedId}`);
  await page.locator('#record-title').waitFor();
  await page.click('#copy-citation');
  await page.waitForFunction(() => document.querySelector('.copy-status')?.textContent === 'Citation copied.', null, { timeout: TIMEOUT });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.ok(copied.includes(SEED.title), copied);
  assert.ok(copied.includes(`doi:${SEED.doi}`), copied);
  assert.match(copied, /^Jost R\b/);
  await closePage(p);
});

// Clicks an export link and returns the download's file name and text.
async function download(page, locator) {
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: TIMEOUT }), locator.click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), text: await readFile(file, 'utf8'), url: dl.url() };
}

const FORMAT_CHECKS = {
  ris: { ext: /\.ris$/, check: (t) => /^TY {2}- /m.test(t) && /^ER {2}-/m.test(t) },
  bibtex: { ext: /\.(bib|bibtex)$/, check: (t) => /^\s*@\w+\s*\{/m.test(t) },
  csljson: { ext: /\.json$/, check: (t) => Array.isArray(JSON.parse(t)) },
  csv: { ext: /\.csv$/, check: (t) => t.split(/\r?\n/)[0].split(',').length > 1 },
};

test('"export results" downloads the current search in each format', async () => {
  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/');
  await searchFor(page, SEED.query);
  for (const [format, { ext, check }] of Object.entries(FORMAT_CHECKS)) {
    await page.click('#export-menu summary');
    const link = page.locator(`#export-list a[data-format="${format}"]`);
    await link.waitFor({ state: 'visible' });
    const { name, text, url } = await download(page, link);
    assert.match(name, ext, `${format} file name`);
    assert.ok(check(text), `${format} content:\n${text.slice(0, 300)}`);
    const params = new URL(url).searchParams;
    assert.equal(params.get('format'), format);
    assert.equal(params.get('q'), SEED.query);
    if (format === 'ris') assert.ok(text.includes(SEED.doi) || text.toLowerCase().includes(SEED.doi), 'the seed record is exported');
  }
  await closePage(p);
});

test('a record can be exported on its own', async () => {
  const p = await openPage(browser);
  const { page } = p;
  await page.goto(`/?record=${seedId}`);
  await page.locator('#record-title').waitFor();
  const { name, text, url } = await download(page, page.locator('.export-record a[data-format="ris"]'));
  assert.match(name, /\.ris$/);
  assert.equal(new URL(url).searchParams.get('ids'), seedId);
  assert.equal(text.match(/^TY {2}- /gm).length, 1, 'exactly one record');
  assert.ok(text.toLowerCase().includes(SEED.doi));
  const bib = await download(page, page.locator('.export-record a[data-format="bibtex"]'));
  assert.ok(FORMAT_CHECKS.bibtex.check(bib.text));
  await closePage(p);
});

test('an unknown record id says the record was not found', async () => {
  const p = await openPage(browser);
  const { page } = p;
  await page.goto('/?record=0000000000000000');
  await page.waitForFunction(() => document.getElementById('record-title')?.textContent === 'Record not found', null, { timeout: TIMEOUT });
  await closePage(p, { allow: [/status of 404/] });
});
